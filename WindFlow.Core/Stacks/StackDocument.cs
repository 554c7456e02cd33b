using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Core.Stacks;

/// <summary>
/// Import and export of a stack as one YAML document with <c>metadata</c> (name, description,
/// category, icon, tags), <c>template</c> (a literal block) and <c>variables</c>.
/// </summary>
public static class StackDocument
{
    private static readonly string[] TopLevelKeys = ["metadata", "template", "variables"];
    private static readonly string[] MetadataKeys = ["name", "description", "category", "icon", "tags"];

    /// <summary>Reads a stack document; every error carries its line and column.</summary>
    /// <param name="yaml">The document text.</param>
    public static StackDocumentResult Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var root = YamlNodes.Load(yaml, out var loadError);
        if (loadError is { } e)
        {
            return Failed(new DocumentError(e.Line, e.Column, e.Message));
        }

        if (root is not YamlMappingNode mapping)
        {
            return Failed(new DocumentError(1, 1, "A stack document must be a mapping with 'metadata', 'template' and 'variables'."));
        }

        var errors = new List<DocumentError>();
        var top = Entries(mapping, TopLevelKeys, "", errors);
        var metadata = top.GetValueOrDefault("metadata");
        var meta = metadata is YamlMappingNode metaMapping ? Entries(metaMapping, MetadataKeys, "metadata.", errors) : [];
        if (metadata is not null and not YamlMappingNode)
        {
            errors.Add(At(metadata, "'metadata' must be a mapping with name, description, category, icon and tags."));
        }

        var name = Scalar(meta, "metadata.name", "name", errors);
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(meta.TryGetValue("name", out var nameNode) ? At(nameNode, "'metadata.name' must not be empty.") : At(metadata ?? mapping, "'metadata.name' is required."));
        }

        var template = Scalar(top, "template", "template", errors);
        if (template is null)
        {
            errors.Add(top.TryGetValue("template", out var templateNode) ? At(templateNode, "'template' must not be empty.") : At(mapping, "'template' is required."));
        }

        var tags = Tags(meta, errors);
        var variables = VariableSchemaReader.Read(top.TryGetValue("variables", out var variablesNode) ? YamlNodes.ToRaw(variablesNode) : null);
        errors.AddRange(variables.Errors.Select(v => new DocumentError(v.Line, v.Column, v.Message)));
        return errors.Count > 0
            ? new StackDocumentResult(null, errors)
            : new StackDocumentResult(
                new StackDocumentContent(name!, Scalar(meta, "metadata.description", "description", errors), Scalar(meta, "metadata.category", "category", errors),
                    Scalar(meta, "metadata.icon", "icon", errors), tags, template!, variables.Schema!),
                []);
    }

    /// <summary>Writes a stack document that <see cref="Parse"/> reads back equal. The template is a literal
    /// block scalar; text with carriage returns, which a block cannot hold, is written double-quoted.</summary>
    /// <param name="content">The stack.</param>
    public static string Write(StackDocumentContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var metadata = new YamlMappingNode { { "name", YamlNodes.Text(content.Name) } };
        AddIfSet(metadata, "description", content.Description);
        AddIfSet(metadata, "category", content.Category);
        AddIfSet(metadata, "icon", content.Icon);
        metadata.Add("tags", YamlNodes.FlowList(content.Tags));
        var root = new YamlMappingNode
        {
            { "metadata", metadata },
            // A literal block normalises line breaks, so carriage returns need a quoted scalar to survive.
            { "template", new YamlScalarNode(content.Template) { Style = content.Template.Contains('\r') ? ScalarStyle.DoubleQuoted : ScalarStyle.Literal } },
            { "variables", VariableSchemaYaml.ToNode(content.Variables) },
        };
        return YamlNodes.Save(root);
    }

    private static void AddIfSet(YamlMappingNode node, string key, string? value)
    {
        if (value is not null)
        {
            node.Add(key, YamlNodes.Text(value));
        }
    }

    private static Dictionary<string, YamlNode> Entries(YamlMappingNode mapping, string[] allowed, string prefix, List<DocumentError> errors)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                errors.Add(At(keyNode, $"Unknown key '{prefix}{key}' (allowed: {string.Join(", ", allowed.Select(a => prefix + a))})."));
            }
            else
            {
                entries[key] = value;
            }
        }

        return entries;
    }

    private static string? Scalar(Dictionary<string, YamlNode> entries, string path, string key, List<DocumentError> errors)
    {
        if (!entries.TryGetValue(key, out var node))
        {
            return null;
        }

        var raw = YamlNodes.ToRaw(node);
        if (raw.Kind == RawKind.Null)
        {
            return null;
        }

        if (!raw.IsScalar)
        {
            errors.Add(At(node, $"'{path}' must be text, not {raw.Describe()}."));
            return null;
        }

        return raw.Text;
    }

    private static List<string> Tags(Dictionary<string, YamlNode> meta, List<DocumentError> errors)
    {
        if (!meta.TryGetValue("tags", out var node) || YamlNodes.ToRaw(node).Kind == RawKind.Null)
        {
            return [];
        }

        if (node is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode))
        {
            return [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "")];
        }

        errors.Add(At(node, "'metadata.tags' must be a list of words such as [cms, php]."));
        return [];
    }

    private static DocumentError At(YamlNode node, string message) => new((int)node.Start.Line, (int)node.Start.Column, message);

    private static StackDocumentResult Failed(DocumentError error) => new(null, [error]);
}
