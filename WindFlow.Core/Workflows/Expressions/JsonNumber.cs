using System.Globalization;
using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Expressions;

/// <summary>Reads a JSON number whatever CLR type backs it (a parsed element, an int, a double...).</summary>
public static class JsonNumber
{
    /// <summary>The number as a double.</summary>
    public static double ToDouble(JsonNode value) =>
        // GetValue<double>() throws on a node built from an int, so go through the JSON text.
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
