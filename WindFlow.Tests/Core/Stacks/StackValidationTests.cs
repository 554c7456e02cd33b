using WindFlow.Core.Stacks;

namespace WindFlow.Tests.Core.Stacks;

public sealed class StackValidationTests
{
    private static readonly VariableSchema Schema = VariableSchemaYaml.Parse("""
        PORT: {type: integer, min: 1024}
        TLS: {type: boolean}
        MODE: {type: select, options: [dev, prod]}
        NAME: {type: string}
        SECRET: {type: password, generate: "hex:8"}
        IMAGE: {type: string, default: "nginx:1"}
        """).Schema!;

    [Fact]
    public void Validate_NoSampleValues_RendersWithTypeSamples()
    {
        var result = StackValidation.Validate("{{PORT}} {{TLS}} {{MODE}} {{NAME}} {{IMAGE}} ${SECRET}", Schema);

        Assert.True(result.IsValid, string.Join("; ", result.TemplateErrors));
        Assert.Matches("^1024 true dev sample nginx:1 [0-9a-f]{8}$", result.RenderedText);
    }

    [Fact]
    public void Validate_GivenSampleValues_AreUsedAndChecked()
    {
        var result = StackValidation.Validate("{{PORT}} {{MODE}}", Schema, new Dictionary<string, string?> { ["PORT"] = "80", ["MODE"] = "prod" });

        Assert.Equal([new FieldError("PORT", "PORT must be at least 1024")], result.ValueErrors);
        Assert.Equal("1024 prod", result.RenderedText);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Validate_UndefinedVariable_ReturnsTemplateErrorWithPosition()
    {
        var result = StackValidation.Validate("a: 1\nb: {{PROT}}", Schema);

        var error = Assert.Single(result.TemplateErrors);
        Assert.Equal((2, 6), (error.Line, error.Column));
        Assert.Contains("'PROT'", error.Message, StringComparison.Ordinal);
        Assert.Null(result.RenderedText);
    }

    [Fact]
    public void Validate_InvalidSchema_ReturnsSchemaErrorsWithoutRendering()
    {
        var schema = new VariableSchema([new("A", new VariableDefinition(VariableType.Integer) { Min = 5, Max = 1 })]);

        var result = StackValidation.Validate("{{A}}", schema);

        Assert.Contains("min (5) is greater than max (1)", Assert.Single(result.SchemaErrors).Message, StringComparison.Ordinal);
        Assert.Null(result.RenderedText);
    }
}
