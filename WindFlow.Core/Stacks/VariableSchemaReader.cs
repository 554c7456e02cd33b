namespace WindFlow.Core.Stacks;

/// <summary>Turns a <see cref="RawNode"/> mapping of variables into a schema, collecting every error with its position.</summary>
internal sealed class VariableSchemaReader
{
    public static readonly string[] Keys =
        ["type", "label", "default", "required", "min", "max", "pattern", "help", "secret", "generate", "options", "dependsOn", "members"];

    private readonly List<SchemaError> _errors = [];
    private readonly Dictionary<(string Variable, string? Key), RawNode> _positions = [];

    public static SchemaParseResult Read(RawNode? root) => new VariableSchemaReader().ReadRoot(root);

    private SchemaParseResult ReadRoot(RawNode? root)
    {
        if (root is null || root.Kind == RawKind.Null)
        {
            return new SchemaParseResult(VariableSchema.Empty, []);
        }

        if (root.Kind != RawKind.Mapping)
        {
            Error(null, null, root, $"'variables' must be a mapping of variable names to definitions, not {root.Describe()}.");
            return new SchemaParseResult(null, _errors);
        }

        var entries = new List<KeyValuePair<string, VariableDefinition>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Entries)
        {
            var name = keyNode.Text ?? "";
            _positions[(name, null)] = keyNode;
            if (!seen.Add(name))
            {
                Error(name, null, keyNode, $"Variable '{name}' is defined twice.");
                continue;
            }

            if (ReadDefinition(name, valueNode) is { } definition)
            {
                entries.Add(new(name, definition));
            }
        }

        if (_errors.Count > 0)
        {
            return new SchemaParseResult(null, _errors);
        }

        var schema = new VariableSchema(entries);
        foreach (var error in schema.Validate())
        {
            var at = _positions.GetValueOrDefault((error.Variable ?? "", error.Key)) ?? _positions.GetValueOrDefault((error.Variable ?? "", null));
            _errors.Add(error with { Line = at?.Line ?? 0, Column = at?.Column ?? 0 });
        }

        return new SchemaParseResult(_errors.Count == 0 ? schema : null, _errors);
    }

    private VariableDefinition? ReadDefinition(string name, RawNode node)
    {
        if (node.Kind != RawKind.Mapping)
        {
            Error(name, null, node, $"Variable '{name}': the definition must be a mapping such as {{type: string}}, not {node.Describe()}.");
            return null;
        }

        var values = new Dictionary<string, RawNode>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in node.Entries)
        {
            var key = keyNode.Text ?? "";
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                Error(name, key, keyNode, $"Variable '{name}': unknown key '{key}' (allowed: {string.Join(", ", Keys)}).");
                continue;
            }

            values[key] = valueNode;
            _positions[(name, key)] = valueNode;
        }

        var errorCount = _errors.Count;
        if (!values.TryGetValue("type", out var typeNode))
        {
            Error(name, "type", node, $"Variable '{name}': 'type' is required (string, number, integer, boolean, password, select, textarea or group).");
            return null;
        }

        if (!typeNode.IsScalar || !VariableTypeNames.TryParse(typeNode.Text ?? "", out var type))
        {
            Error(name, "type", typeNode, $"Variable '{name}': unknown type {typeNode.Describe()} (use string, number, integer, boolean, password, select, textarea or group).");
            return null;
        }

        var definition = new VariableDefinition(type)
        {
            Label = Text(name, "label", values),
            Help = Text(name, "help", values),
            Pattern = Text(name, "pattern", values),
            Generate = Text(name, "generate", values),
            Required = Flag(name, "required", values),
            Secret = Flag(name, "secret", values),
            Min = Number(name, "min", values),
            Max = Number(name, "max", values),
            Options = List(name, "options", values),
            Members = List(name, "members", values),
            DependsOn = Dependency(name, values),
            Default = values.TryGetValue("default", out var defaultNode) ? DefaultValue(name, type, defaultNode) : null,
        };
        return _errors.Count == errorCount ? definition : null;
    }

    private string? Text(string name, string key, Dictionary<string, RawNode> values)
    {
        if (!values.TryGetValue(key, out var node) || node.Kind == RawKind.Null)
        {
            return null;
        }

        if (node.Kind is RawKind.Text or RawKind.Plain)
        {
            return node.Text;
        }

        Error(name, key, node, $"Variable '{name}': '{key}' must be text, not {node.Describe()}.");
        return null;
    }

    private bool Flag(string name, string key, Dictionary<string, RawNode> values)
    {
        if (!values.TryGetValue(key, out var node) || node.Kind == RawKind.Null)
        {
            return false;
        }

        if (node.Kind is RawKind.Boolean or RawKind.Plain && VariableValueRules.TryParseBoolean(node.Text ?? "", out var flag))
        {
            return flag;
        }

        Error(name, key, node, $"Variable '{name}': '{key}' must be true or false, not {node.Describe()}.");
        return false;
    }

    private double? Number(string name, string key, Dictionary<string, RawNode> values)
    {
        if (!values.TryGetValue(key, out var node) || node.Kind == RawKind.Null)
        {
            return null;
        }

        if (node.Kind is RawKind.Number or RawKind.Plain && VariableValueRules.TryParseNumber(node.Text ?? "", out var number))
        {
            return number;
        }

        Error(name, key, node, $"Variable '{name}': '{key}' must be a number, not {node.Describe()}.");
        return null;
    }

    private List<string> List(string name, string key, Dictionary<string, RawNode> values)
    {
        if (!values.TryGetValue(key, out var node) || node.Kind == RawKind.Null)
        {
            return [];
        }

        if (node.Kind == RawKind.Sequence && node.Items.All(i => i.IsScalar))
        {
            return [.. node.Items.Select(i => i.Text ?? "")];
        }

        Error(name, key, node, $"Variable '{name}': '{key}' must be a list of values such as [a, b], not {node.Describe()}.");
        return [];
    }

    private VariableDependency? Dependency(string name, Dictionary<string, RawNode> values)
    {
        if (!values.TryGetValue("dependsOn", out var node) || node.Kind == RawKind.Null)
        {
            return null;
        }

        if (node.Kind is RawKind.Text or RawKind.Plain)
        {
            return new VariableDependency(node.Text ?? "");
        }

        if (node.Kind == RawKind.Mapping && node.Entries.Count == 1 && node.Entries[0].Value.IsScalar)
        {
            return new VariableDependency(node.Entries[0].Key.Text ?? "", node.Entries[0].Value.Text);
        }

        Error(name, "dependsOn", node, $"Variable '{name}': 'dependsOn' must be a variable name or one {{NAME: value}} pair, not {node.Describe()}.");
        return null;
    }

    private object? DefaultValue(string name, VariableType type, RawNode node)
    {
        if (node.Kind == RawKind.Null)
        {
            return null;
        }

        var text = node.Text ?? "";
        object? value = (type, node.Kind) switch
        {
            (VariableType.Group, _) => null,
            (_, RawKind.Sequence or RawKind.Mapping) => null,
            (VariableType.Number, RawKind.Number or RawKind.Plain) when VariableValueRules.TryParseNumber(text, out var number) => number,
            (VariableType.Integer, RawKind.Number or RawKind.Plain) when VariableValueRules.TryParseInteger(text, out var integer) => integer,
            (VariableType.Boolean, RawKind.Boolean or RawKind.Plain) when VariableValueRules.TryParseBoolean(text, out var flag) => flag,
            (VariableType.Number or VariableType.Integer or VariableType.Boolean, _) => null,
            (_, RawKind.Text or RawKind.Plain) => text,
            _ => null,
        };
        if (value is null && type != VariableType.Group)
        {
            Error(name, "default", node, $"Variable '{name}': default {node.Describe()} is not {VariableTypeNames.WithArticle(type)}.");
        }

        // A group's default is reported by the schema rules with the other keys a group cannot have.
        return type == VariableType.Group ? text : value;
    }

    private void Error(string? variable, string? key, RawNode at, string message) =>
        _errors.Add(new SchemaError(variable, key, message, at.Line, at.Column));
}
