using System.Text.Json;
using WindFlow.Core.Stacks;

namespace WindFlow.Tests.Core.Stacks;

public sealed class VariableSchemaJsonTests
{
    private static SchemaParseResult Parse(string json) => VariableSchemaJson.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Parse_ApiBody_ReadsDefinitions()
    {
        var result = Parse("""
            {"PORT": {"type": "integer", "label": "Port", "default": 8080, "min": 1, "max": 65535, "required": true},
             "TLS": {"type": "boolean", "default": true},
             "CERT": {"type": "textarea", "dependsOn": {"TLS": true}},
             "MODE": {"type": "select", "options": ["a", "b"], "default": "a"}}
            """);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(8080L, result.Schema!["PORT"].Default);
        Assert.Equal(new VariableDependency("TLS", "true"), result.Schema["CERT"].DependsOn);
    }

    [Fact]
    public void Write_ThenParse_RoundTripsEqualAndStable()
    {
        var schema = Parse("""
            {"PORT": {"type": "integer", "default": 8080, "min": 1, "max": 65535},
             "RATIO": {"type": "number", "default": 0.25},
             "TLS": {"type": "boolean", "default": true},
             "CERT": {"type": "textarea", "dependsOn": {"TLS": true}},
             "REPLICAS": {"type": "integer", "dependsOn": {"PORT": 80}},
             "PW": {"type": "password", "generate": "password:16", "secret": true},
             "G": {"type": "group", "members": ["PW", "CERT"]}}
            """).Schema!;

        var json = VariableSchemaJson.Write(schema);
        var again = Parse(json);

        Assert.Equal(schema, again.Schema);
        Assert.Equal(json, VariableSchemaJson.Write(again.Schema!));
        Assert.Contains("\"dependsOn\":{\"TLS\":true}", json, StringComparison.Ordinal);
        Assert.Contains("\"dependsOn\":{\"PORT\":80}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_YamlSchema_ParsesBackFromJsonEqual()
    {
        var schema = VariableSchemaYaml.Parse("A: {type: integer, default: 3}\nB: {type: string, dependsOn: {A: 3}}").Schema!;

        Assert.Equal(schema, Parse(VariableSchemaJson.Write(schema)).Schema);
    }

    [Theory]
    [InlineData("""{"A": {"type": "string", "colour": "red"}}""", "unknown key 'colour'")]
    [InlineData("""{"A": {"type": "integer", "default": "8080"}}""", "not an integer")]
    [InlineData("""{"A": {"type": "string", "default": 5}}""", "default '5' is not a string")]
    [InlineData("""{"A": {"type": "wat"}}""", "unknown type 'wat'")]
    [InlineData("""{"A": {"type": "integer", "min": "1"}}""", "'min' must be a number")]
    [InlineData("""["A"]""", "must be a mapping")]
    public void Parse_InvalidBody_NamesTheProblem(string json, string expected)
    {
        var result = Parse(json);

        Assert.Null(result.Schema);
        var error = Assert.Single(result.Errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (error.Line, error.Column));
    }
}
