using System.Globalization;
using System.Text.RegularExpressions;

namespace WindFlow.Core.Stacks;

/// <summary>Checks one given text value against its definition; shared by value validation and default checks.</summary>
internal static class VariableValueRules
{
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    public static bool IsText(VariableType type) =>
        type is VariableType.String or VariableType.Password or VariableType.Textarea;

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out value);

    public static bool TryParseBoolean(string text, out bool value) => bool.TryParse(text.Trim(), out value);

    /// <summary>Returns a message a form can show next to the field, or null when the value is fine.</summary>
    public static string? Check(string name, VariableDefinition definition, string text)
    {
        var label = definition.DisplayName(name);
        switch (definition.Type)
        {
            case VariableType.Number:
                return TryParseNumber(text, out var number) ? CheckRange(label, definition, number, "") : $"{label} must be a number";
            case VariableType.Integer:
                return TryParseInteger(text, out var integer) ? CheckRange(label, definition, integer, "") : $"{label} must be a whole number";
            case VariableType.Boolean:
                return TryParseBoolean(text, out _) ? null : $"{label} must be true or false";
            case VariableType.Select:
                return definition.Options.Contains(text, StringComparer.Ordinal)
                    ? null
                    : $"{label} must be one of: {string.Join(", ", definition.Options)}";
            case VariableType.Group:
                return $"{label} is a group and takes no value";
            default:
                return CheckRange(label, definition, text.EnumerateRunes().Count(), " characters") ?? CheckPattern(label, definition, text);
        }
    }

    private static string? CheckRange(string label, VariableDefinition definition, double value, string unit)
    {
        if (definition.Min is { } min && value < min)
        {
            return $"{label} must be at least {Format(min)}{unit}";
        }

        return definition.Max is { } max && value > max ? $"{label} must be at most {Format(max)}{unit}" : null;
    }

    private static string? CheckPattern(string label, VariableDefinition definition, string text)
    {
        if (string.IsNullOrEmpty(definition.Pattern))
        {
            return null;
        }

        try
        {
            return Regex.IsMatch(text, $@"\A(?:{definition.Pattern})\z", RegexOptions.CultureInvariant, PatternTimeout)
                ? null
                : $"{label} must match the pattern {definition.Pattern}";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"{label} could not be checked against its pattern in time";
        }
        catch (ArgumentException)
        {
            return $"{label} cannot be checked: the stack's pattern {definition.Pattern} is not a valid regular expression";
        }
    }
}
