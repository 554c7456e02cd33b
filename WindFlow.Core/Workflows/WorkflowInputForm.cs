using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WindFlow.Core.Common;
using WindFlow.Core.Stacks;

namespace WindFlow.Core.Workflows;

/// <summary>
/// The form a manual trigger asks for before a run: its <c>inputForm</c> setting is a variables
/// schema, the same format stacks use (<c>{"TAG": {"type": "string", "required": true}}</c>), so the
/// run dialog reuses the stack form and the answers reach the run as <c>trigger.body</c>.
/// </summary>
public static class WorkflowInputForm
{
    /// <summary>The manual trigger's form, or null when it has none or it does not parse (the validator reports that).</summary>
    public static VariableSchema? Of(WorkflowGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var setting = graph.Nodes.FirstOrDefault(n => n.Type == "trigger.manual")?.Config["inputForm"];
        try
        {
            var json = setting switch
            {
                JsonObject form => JsonSerializer.SerializeToElement(form),
                JsonValue text when text.TryGetValue<string>(out var raw) && !string.IsNullOrWhiteSpace(raw) => JsonSerializer.Deserialize<JsonElement>(raw),
                _ => default,
            };
            var parsed = json.ValueKind == JsonValueKind.Object ? VariableSchemaJson.Parse(json) : null;
            return parsed is { Succeeded: true, Schema.Count: > 0 } ? parsed.Schema : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The answers as <c>trigger.body</c>: numbers and booleans typed, empty answers left out.</summary>
    public static JsonObject ToBody(VariableSchema schema, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        var body = new JsonObject();
        foreach (var (name, definition) in schema)
        {
            if (definition.Type == VariableType.Group || values.GetValueOrDefault(name) is not { Length: > 0 } value)
            {
                continue;
            }

            body[name] = definition.Type switch
            {
                VariableType.Integer when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => whole,
                VariableType.Number when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
                VariableType.Boolean when bool.TryParse(value, out var flag) => flag,
                _ => value,
            };
        }

        return body;
    }

    /// <summary>The input a run receives checked against the form: one message per field, keyed <c>input.NAME</c>.</summary>
    public static IReadOnlyList<InputProblem> Check(VariableSchema schema, JsonNode? input)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var values = (input as JsonObject ?? []).ToDictionary(
            p => p.Key,
            p => p.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : p.Value?.ToJsonString(),
            StringComparer.Ordinal);
        var unknown = values.Keys.Where(name => !schema.TryGet(name, out _)).Select(name => new InputProblem("input." + name, $"'{name}' is not a field of the input form."));
        var known = values.Where(p => schema.TryGet(p.Key, out _)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return [.. unknown, .. VariableValues.Validate(schema, known).Select(e => new InputProblem("input." + e.Name, e.Message))];
    }
}
