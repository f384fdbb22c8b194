using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace PapersPlatform.Testing;

/// <summary>What a settings class's data annotations say of one value (what ValidateOnStart checks at start-up).</summary>
public static class SettingsValidation
{
    /// <summary>The problems found with <paramref name="setting"/> set to <paramref name="value"/> (converted to its type) and the rest at their defaults.</summary>
    public static List<ValidationResult> Problems<TSettings>(string setting, object value) where TSettings : new()
    {
        var settings = new TSettings();
        var property = typeof(TSettings).GetProperty(setting) ?? throw new ArgumentException($"{typeof(TSettings).Name} has no setting {setting}.", nameof(setting));
        property.SetValue(settings, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        var problems = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), problems, validateAllProperties: true);
        return problems;
    }
}
