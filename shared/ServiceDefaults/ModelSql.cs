using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace PapersPlatform.ServiceDefaults;

/// <summary>A quoted table name, to be written into SQL text as it is (never sent as a parameter).</summary>
public sealed record SqlIdentifier(string Quoted)
{
    public override string ToString() => Quoted;
}

/// <summary>
/// Raw SQL that names its tables as the EF model does, where raw SQL is the right tool (row locks,
/// SKIP LOCKED claims, inserting CTEs, INSERT … SELECT): a renamed table or schema changes here
/// with the model. Columns keep their written names (snake_case of the properties).
/// </summary>
public static class ModelSql
{
    /// <summary>The entity's table, schema-qualified and quoted: "notification"."mails".</summary>
    public static SqlIdentifier TableOf<TEntity>(this DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in {db.GetType().Name}'s model.");
        return new SqlIdentifier($"\"{entity.GetSchema()}\".\"{entity.GetTableName()}\"");
    }

    /// <summary>
    /// An interpolated statement with its <see cref="SqlIdentifier"/> holes written into the text
    /// and every other hole kept a parameter, for EF's FromSql and ExecuteSqlAsync:
    /// <c>db.Database.ExecuteSqlAsync(ModelSql.Statement($"DELETE FROM {db.TableOf&lt;Mail&gt;()} WHERE id = {id}"))</c>.
    /// </summary>
    public static FormattableString Statement(FormattableString sql)
    {
        var format = sql.Format;
        var arguments = sql.GetArguments();
        var text = new StringBuilder(format.Length);
        var kept = new List<object?>(arguments.Length);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                text.Append(c, 2); // an escaped brace stays escaped
                i++;
                continue;
            }
            if (c != '{')
            {
                text.Append(c);
                continue;
            }
            var end = format.IndexOf('}', i);
            var hole = format[(i + 1)..end];
            var digits = hole.TakeWhile(char.IsAsciiDigit).Count();
            var argument = arguments[int.Parse(hole[..digits], System.Globalization.CultureInfo.InvariantCulture)];
            if (argument is SqlIdentifier identifier)
            {
                text.Append(identifier.Quoted.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
            }
            else
            {
                text.Append('{').Append(kept.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(hole[digits..]).Append('}');
                kept.Add(argument);
            }
            i = end;
        }
        return FormattableStringFactory.Create(text.ToString(), [.. kept]);
    }
}
