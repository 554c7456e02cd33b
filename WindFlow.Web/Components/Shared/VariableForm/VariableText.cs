using System.Globalization;

namespace WindFlow.Web.Components.Shared.VariableForm;

/// <summary>Converts between a variable's text value (what the API stores) and what Radzen inputs bind.</summary>
public static class VariableText
{
    private static readonly string[] TrueTexts = ["true", "1", "yes", "on"];

    /// <summary>Text as VariableValues reads it: invariant numbers, lower-case booleans; null stays null.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static bool IsTrue(string? text) => text is not null && TrueTexts.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);

    public static long? ToInteger(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static double? ToNumber(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static decimal? ToDecimal(double? value) => value is { } v && Math.Abs(v) < 1e15 ? (decimal)v : null;
}
