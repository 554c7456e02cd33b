using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Core.Stacks;

/// <summary>Reads and writes a <see cref="VariableSchema"/> as YAML (<c>NAME: {type: integer, default: 8080}</c>).</summary>
public static class VariableSchemaYaml
{
    /// <summary>Parses and validates a schema; errors carry 1-based line and column.</summary>
    /// <param name="yaml">A YAML mapping of variable names to definitions; empty text is an empty schema.</param>
    public static SchemaParseResult Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var root = YamlNodes.Load(yaml, out var error);
        return error is { } e
            ? new SchemaParseResult(null, [new SchemaError(null, null, e.Message, e.Line, e.Column)])
            : VariableSchemaReader.Read(root is null ? null : YamlNodes.ToRaw(root));
    }

    /// <summary>Writes a schema as YAML that <see cref="Parse"/> reads back equal.</summary>
    /// <param name="schema">The schema.</param>
    public static string Write(VariableSchema schema) => YamlNodes.Save(ToNode(schema));

    internal static YamlMappingNode ToNode(VariableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var root = new YamlMappingNode();
        foreach (var (name, definition) in schema)
        {
            var node = new YamlMappingNode();
            foreach (var (key, value) in VariableSchemaFields.Of(definition))
            {
                node.Add(key, ToNode(value));
            }

            root.Add(YamlNodes.Text(name), node);
        }

        return root;
    }

    private static YamlNode ToNode(object value) => value switch
    {
        string text => YamlNodes.Text(text),
        IReadOnlyList<string> list => YamlNodes.FlowList(list),
        VariableDependency { Value: null } dependency => YamlNodes.Text(dependency.Name),
        VariableDependency dependency => new YamlMappingNode(YamlNodes.Text(dependency.Name), YamlNodes.Text(dependency.Value!))
        {
            Style = MappingStyle.Flow,
        },
        _ => YamlNodes.Plain(VariableTypeNames.FormatValue(value)),
    };
}
