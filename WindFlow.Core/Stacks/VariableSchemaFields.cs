namespace WindFlow.Core.Stacks;

/// <summary>The keys a definition is written with, in a fixed order, skipping unset ones (shared by YAML and JSON writers).</summary>
internal static class VariableSchemaFields
{
    public static IEnumerable<KeyValuePair<string, object>> Of(VariableDefinition definition)
    {
        var fields = new (string Key, object? Value)[]
        {
            ("type", VariableTypeNames.Name(definition.Type)),
            ("label", definition.Label),
            ("default", definition.Default),
            ("required", definition.Required ? true : null),
            ("min", definition.Min),
            ("max", definition.Max),
            ("pattern", definition.Pattern),
            ("help", definition.Help),
            ("secret", definition.Secret ? true : null),
            ("generate", definition.Generate),
            ("options", definition.Options.Count > 0 ? definition.Options : null),
            ("dependsOn", definition.DependsOn),
            ("members", definition.Members.Count > 0 ? definition.Members : null),
        };
        return fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, object>(f.Key, f.Value!));
    }
}
