using System.Globalization;
using System.Text.RegularExpressions;

namespace WindFlow.Core.Stacks;

/// <summary>The rules a schema must follow, whatever format it came from.</summary>
internal static partial class VariableSchemaRules
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    public static partial Regex NamePattern();

    public static List<SchemaError> Check(VariableSchema schema)
    {
        var errors = new List<SchemaError>();
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in schema)
        {
            void Add(string? key, string message) => errors.Add(new SchemaError(name, key, $"Variable '{name}': {message}"));

            if (!NamePattern().IsMatch(name))
            {
                Add(null, "invalid name; use letters, digits and underscores, not starting with a digit.");
            }

            if (definition.Type == VariableType.Group)
            {
                CheckGroup(schema, name, definition, groupOf, Add);
            }
            else
            {
                CheckValueRules(name, definition, Add);
            }

            CheckDependency(schema, name, definition, Add);
        }

        return errors;
    }

    private static void CheckGroup(
        VariableSchema schema, string name, VariableDefinition group, Dictionary<string, string> groupOf, Action<string?, string> add)
    {
        var unused = new (string Key, bool Set)[]
        {
            ("default", group.Default is not null), ("required", group.Required), ("min", group.Min is not null),
            ("max", group.Max is not null), ("pattern", group.Pattern is not null), ("secret", group.Secret),
            ("generate", group.Generate is not null), ("options", group.Options.Count > 0),
        };
        foreach (var (key, _) in unused.Where(u => u.Set))
        {
            add(key, $"a group holds no value, so '{key}' is not allowed.");
        }

        if (group.Members.Count == 0)
        {
            add("members", "a group needs at least one member.");
        }

        foreach (var member in group.Members)
        {
            if (!schema.TryGet(member, out var memberDefinition))
            {
                add("members", $"member '{member}' is not a variable of this stack.");
            }
            else if (memberDefinition.Type == VariableType.Group)
            {
                add("members", $"member '{member}' is a group; groups cannot be nested.");
            }
            else if (!groupOf.TryAdd(member, name))
            {
                add("members", $"member '{member}' is already in group '{groupOf[member]}'.");
            }
        }
    }

    private static void CheckValueRules(string name, VariableDefinition definition, Action<string?, string> add)
    {
        var type = definition.Type;
        var typeName = VariableTypeNames.Name(type);
        var isText = VariableValueRules.IsText(type);
        if (definition.Members.Count > 0)
        {
            add("members", "'members' is only allowed on a group.");
        }

        if (type != VariableType.Select && definition.Options.Count > 0)
        {
            add("options", "'options' is only allowed on a select.");
        }

        if (type == VariableType.Select && definition.Options.Count == 0)
        {
            add("options", "a select needs a non-empty 'options' list.");
        }

        foreach (var duplicate in definition.Options.GroupBy(o => o, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            add("options", $"option '{duplicate.Key}' is listed twice.");
        }

        CheckRange(definition, typeName, isText || type is VariableType.Number or VariableType.Integer, isText, add);

        if (definition.Pattern is not null)
        {
            CheckPattern(definition.Pattern, typeName, isText, add);
        }

        if (definition.Generate is not null)
        {
            if (type is not (VariableType.String or VariableType.Password))
            {
                add("generate", $"'generate' is only allowed on a string or password, not on a {typeName}.");
            }
            else if (!VariableGenerator.TryParse(definition.Generate, out _, out var generateError))
            {
                add("generate", generateError);
            }
        }

        CheckDefault(name, definition, typeName, add);
    }

    private static void CheckRange(VariableDefinition definition, string typeName, bool allowed, bool isLength, Action<string?, string> add)
    {
        foreach (var (key, value) in new[] { ("min", definition.Min), ("max", definition.Max) })
        {
            if (value is null)
            {
                continue;
            }

            if (!allowed)
            {
                add(key, $"'{key}' does not apply to a {typeName}.");
            }
            else if (isLength && (value < 0 || value != Math.Floor(value.Value)))
            {
                add(key, $"'{key}' is a length for a {typeName} and must be a whole number of 0 or more.");
            }
        }

        if (allowed && definition.Min > definition.Max)
        {
            add("min", $"min ({VariableValueRules.Format(definition.Min!.Value)}) is greater than max ({VariableValueRules.Format(definition.Max!.Value)}).");
        }
    }

    private static void CheckPattern(string pattern, string typeName, bool isText, Action<string?, string> add)
    {
        if (!isText)
        {
            add("pattern", $"'pattern' only applies to string, password and textarea variables, not to a {typeName}.");
            return;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, VariableValueRules.PatternTimeout);
        }
        catch (ArgumentException ex)
        {
            add("pattern", $"pattern is not a valid regular expression: {ex.Message}");
        }
    }

    private static void CheckDefault(string name, VariableDefinition definition, string typeName, Action<string?, string> add)
    {
        if (definition.Default is null)
        {
            return;
        }

        if (!VariableTypeNames.DefaultFits(definition.Type, definition.Default))
        {
            add("default", $"default '{VariableTypeNames.FormatValue(definition.Default)}' is not {VariableTypeNames.WithArticle(definition.Type)}.");
            return;
        }

        var message = VariableValueRules.Check(name, definition, VariableTypeNames.FormatValue(definition.Default));
        if (message is not null)
        {
            add("default", $"default '{VariableTypeNames.FormatValue(definition.Default)}' is invalid: {message}.");
        }
    }

    private static void CheckDependency(VariableSchema schema, string name, VariableDefinition definition, Action<string?, string> add)
    {
        if (definition.DependsOn is not { } dependency)
        {
            return;
        }

        if (dependency.Name == name)
        {
            add("dependsOn", "a variable cannot depend on itself.");
            return;
        }

        if (!schema.TryGet(dependency.Name, out var target))
        {
            add("dependsOn", $"dependsOn names '{dependency.Name}', which is not a variable of this stack.");
            return;
        }

        if (target.Type == VariableType.Group)
        {
            add("dependsOn", $"dependsOn names group '{dependency.Name}', which holds no value.");
            return;
        }

        var path = new List<string> { name };
        var current = dependency.Name;
        while (schema.TryGet(current, out var next) && !path.Contains(current))
        {
            path.Add(current);
            current = next.DependsOn?.Name ?? "";
        }

        if (current == name)
        {
            add("dependsOn", $"dependsOn forms a cycle: {string.Join(" -> ", path)} -> {name}.");
        }
    }
}

/// <summary>The names of types as written in schemas, and the CLR types of their values.</summary>
internal static class VariableTypeNames
{
    public static string Name(VariableType type) => type.ToString().ToLowerInvariant();

    public static string WithArticle(VariableType type) => (type == VariableType.Integer ? "an " : "a ") + Name(type);

    public static bool TryParse(string text, out VariableType type) =>
        Enum.TryParse(text, ignoreCase: true, out type) && !int.TryParse(text, out _);

    public static bool DefaultFits(VariableType type, object value) => type switch
    {
        VariableType.Number => value is double or long or int,
        VariableType.Integer => value is long or int,
        VariableType.Boolean => value is bool,
        VariableType.Group => false,
        _ => value is string,
    };

    public static string FormatValue(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => VariableValueRules.Format(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
