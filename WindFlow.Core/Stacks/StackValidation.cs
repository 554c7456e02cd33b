using System.Security.Cryptography;

namespace WindFlow.Core.Stacks;

/// <summary>The outcome of <see cref="StackValidation.Validate"/>.</summary>
/// <param name="SchemaErrors">Problems in the variables schema.</param>
/// <param name="ValueErrors">Problems with the sample values that were given.</param>
/// <param name="TemplateErrors">Problems found while rendering the template (positions in the template).</param>
/// <param name="RenderedText">The template rendered with the sample values, for the caller to parse as compose; null when it did not render.</param>
public sealed record StackValidationResult(
    IReadOnlyList<SchemaError> SchemaErrors,
    IReadOnlyList<FieldError> ValueErrors,
    IReadOnlyList<TemplateError> TemplateErrors,
    string? RenderedText)
{
    /// <summary>Whether no problem was found.</summary>
    public bool IsValid => SchemaErrors.Count == 0 && ValueErrors.Count == 0 && TemplateErrors.Count == 0 && RenderedText is not null;
}

/// <summary>Checks a template and its schema together, as the stack editor does on each change.</summary>
public static class StackValidation
{
    private static readonly TemplateRenderer SharedRenderer = new();

    /// <summary>Validates the schema, builds sample values (given, else default, else a sample of the type) and renders the template with them.</summary>
    /// <param name="template">The template text.</param>
    /// <param name="schema">The variables.</param>
    /// <param name="sampleValues">Values to try; missing ones get a sample.</param>
    /// <param name="renderer">The renderer to use; a shared one when null.</param>
    public static StackValidationResult Validate(
        string template, VariableSchema schema, IReadOnlyDictionary<string, string?>? sampleValues = null, TemplateRenderer? renderer = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(schema);
        var given = sampleValues ?? new Dictionary<string, string?>();
        var schemaErrors = schema.Validate();
        if (schemaErrors.Count > 0)
        {
            return new StackValidationResult(schemaErrors, [], [], null);
        }

        var valueErrors = VariableValues.Validate(schema, given);
        var samples = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, definition) in schema.Where(e => e.Value.Type != VariableType.Group))
        {
            samples[name] = given.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) && valueErrors.All(e => e.Name != name)
                ? value
                : Sample(definition);
        }

        var rendered = (renderer ?? SharedRenderer).Render(template, VariableValues.Resolve(schema, samples));
        return new StackValidationResult([], valueErrors, rendered.Errors, rendered.Text);
    }

    private static string Sample(VariableDefinition definition)
    {
        if (definition.Default is not null)
        {
            return VariableTypeNames.FormatValue(definition.Default);
        }

        if (definition.Generate is { } spec && VariableGenerator.TryParse(spec, out var rule, out _))
        {
            using var random = RandomNumberGenerator.Create();
            return VariableGenerator.Generate(rule, random);
        }

        return definition.Type switch
        {
            VariableType.Number or VariableType.Integer => VariableValueRules.Format(Math.Ceiling(definition.Min ?? 1)),
            VariableType.Boolean => "true",
            VariableType.Select => definition.Options[0],
            _ => "sample",
        };
    }
}
