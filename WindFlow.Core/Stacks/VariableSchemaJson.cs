using System.Text.Json;
using System.Text.Json.Nodes;

namespace WindFlow.Core.Stacks;

/// <summary>Reads and writes a <see cref="VariableSchema"/> as the JSON object of the REST API (<c>variables: { NAME: {type, ...} }</c>).</summary>
public static class VariableSchemaJson
{
    /// <summary>Parses and validates a schema. JSON carries no positions, so errors have line and column 0 and name the variable and key.</summary>
    /// <param name="variables">The <c>variables</c> object; <c>null</c> or undefined is an empty schema.</param>
    public static SchemaParseResult Parse(JsonElement variables) =>
        VariableSchemaReader.Read(variables.ValueKind == JsonValueKind.Undefined ? null : ToRaw(variables));

    /// <summary>The schema as a JSON object that <see cref="Parse"/> reads back equal.</summary>
    /// <param name="schema">The schema.</param>
    public static JsonObject ToJsonObject(VariableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var root = new JsonObject();
        foreach (var (name, definition) in schema)
        {
            var node = new JsonObject();
            foreach (var (key, value) in VariableSchemaFields.Of(definition))
            {
                node[key] = ToNode(schema, value);
            }

            root[name] = node;
        }

        return root;
    }

    /// <summary>The schema as JSON text.</summary>
    /// <param name="schema">The schema.</param>
    public static string Write(VariableSchema schema) => ToJsonObject(schema).ToJsonString();

    private static JsonNode? ToNode(VariableSchema schema, object value) => value switch
    {
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        double number => JsonValue.Create(number),
        long integer => JsonValue.Create(integer),
        int integer => JsonValue.Create(integer),
        IReadOnlyList<string> list => new JsonArray([.. list.Select(i => (JsonNode?)JsonValue.Create(i))]),
        VariableDependency { Value: null } dependency => JsonValue.Create(dependency.Name),
        VariableDependency dependency => new JsonObject { [dependency.Name] = DependencyValue(schema, dependency) },
        _ => JsonValue.Create(VariableTypeNames.FormatValue(value)),
    };

    // The condition value is kept as text; write it with the JSON type of the variable it compares with.
    private static JsonNode? DependencyValue(VariableSchema schema, VariableDependency dependency)
    {
        var type = schema.TryGet(dependency.Name, out var target) ? target.Type : VariableType.String;
        var text = dependency.Value!;
        return type switch
        {
            VariableType.Boolean when VariableValueRules.TryParseBoolean(text, out var flag) && VariableTypeNames.FormatValue(flag) == text
                => JsonValue.Create(flag),
            VariableType.Number or VariableType.Integer when VariableValueRules.TryParseNumber(text, out _) && text.Trim() == text
                => JsonNode.Parse(text),
            _ => JsonValue.Create(text),
        };
    }

    private static RawNode ToRaw(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new RawNode(RawKind.Text, element.GetString(), 0, 0),
        JsonValueKind.Number => new RawNode(RawKind.Number, element.GetRawText(), 0, 0),
        JsonValueKind.True => new RawNode(RawKind.Boolean, "true", 0, 0),
        JsonValueKind.False => new RawNode(RawKind.Boolean, "false", 0, 0),
        JsonValueKind.Array => new RawNode(RawKind.Sequence, null, 0, 0) { Items = [.. element.EnumerateArray().Select(ToRaw)] },
        JsonValueKind.Object => new RawNode(RawKind.Mapping, null, 0, 0)
        {
            Entries = [.. element.EnumerateObject().Select(p => new KeyValuePair<RawNode, RawNode>(new RawNode(RawKind.Text, p.Name, 0, 0), ToRaw(p.Value)))],
        },
        _ => new RawNode(RawKind.Null, null, 0, 0),
    };
}
