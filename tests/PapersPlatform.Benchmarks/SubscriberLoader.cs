using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using PapersPlatform.Notification.Keywords;

namespace PapersPlatform.Benchmarks;

/// <summary>
/// Synthetic subscribers straight into the notification schema with binary COPY: three keywords
/// from the synthetic papers' vocabulary each (see <see cref="Keywords"/>) and, until the digest
/// part, no e-mail.
/// </summary>
internal static class SubscriberLoader
{
    private const string CopySubscriptions = "COPY notification.subscriptions (user_name, email, digest, keywords, updated_at) FROM STDIN (FORMAT BINARY)";
    private const string CopyKeywords = "COPY notification.keyword_alerts (phrase, user_name, keyword) FROM STDIN (FORMAT BINARY)";

    public static string UserName(int index) => string.Create(CultureInfo.InvariantCulture, $"sub{index:D7}");

    /// <summary>
    /// A topic word and two two-word phrases. The word is drawn from all but the 2,000 most common
    /// words, as a topic is (nobody asks to hear of every paper that says "model").
    /// </summary>
    public static string[] Keywords(int index)
    {
        var random = new Random(1_000_000 + index);
        var vocabulary = SyntheticPapers.Vocabulary;
        string Word() => vocabulary[random.Next(vocabulary.Count)];
        var phrases = new[] { $"{Word()} {Word()}", $"{Word()} {Word()}" };
        while (phrases[1] == phrases[0])
        {
            phrases[1] = $"{Word()} {Word()}";
        }
        return [vocabulary[random.Next(2_000, vocabulary.Count)], .. phrases];
    }

    public static async Task LoadAsync(string connectionString, int subscribers)
    {
        var now = DateTime.UtcNow;
        await BinaryCopy.LoadAsync(connectionString, "notification.subscriptions", CopySubscriptions, 0, subscribers, async (writer, index) =>
        {
            await writer.WriteAsync(UserName(index), NpgsqlDbType.Varchar);
            await writer.WriteNullAsync();
            await writer.WriteAsync("off", NpgsqlDbType.Varchar);
            await writer.WriteAsync(Keywords(index), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
        });
        // Three rows per subscriber, one COPY row each: index i is subscriber i / 3's keyword i % 3.
        await BinaryCopy.LoadAsync(connectionString, "notification.keyword_alerts", CopyKeywords, 0, subscribers * 3, async (writer, index) =>
        {
            var keyword = Keywords(index / 3)[index % 3];
            await writer.WriteAsync(KeywordText.Phrase(keyword)!, NpgsqlDbType.Text);
            await writer.WriteAsync(UserName(index / 3), NpgsqlDbType.Varchar);
            await writer.WriteAsync(keyword, NpgsqlDbType.Text);
        });
    }

    /// <summary>Every subscriber gets an address and a daily digest.</summary>
    public static async Task SubscribeAllToDailyDigestAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("""
            UPDATE notification.subscriptions SET email = user_name || '@bench.invalid', email_confirmed_at = now(), digest = 'daily';
            UPDATE notification.notifications SET mail_pending = false WHERE mail_pending;
            """, connection) { CommandTimeout = 0 };
        await update.ExecuteNonQueryAsync();
    }
}
