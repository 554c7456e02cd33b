using WindFlow.Core.Stacks;

namespace WindFlow.Tests.Core.Stacks;

public sealed class VariableSchemaYamlTests
{
    private const string AllTypes = """
        WP_PORT: {type: integer, label: Port, default: 8080, min: 1, max: 65535, required: true}
        RATIO: {type: number, default: 1.5}
        DEBUG: {type: boolean, default: false}
        DB_PASSWORD: {type: password, generate: "password:24"}
        MODE: {type: select, options: [dev, prod], default: prod}
        NOTES: {type: textarea, help: Free text}
        HOST: {type: string, pattern: "[a-z.]+", dependsOn: {MODE: prod}, secret: true}
        API_KEY: {type: string, generate: "hex:32", dependsOn: DEBUG}
        DB: {type: group, label: Database, members: [DB_PASSWORD, HOST]}
        """;

    [Fact]
    public void Parse_EveryType_ReadsTypedDefinitions()
    {
        var result = VariableSchemaYaml.Parse(AllTypes);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var schema = result.Schema!;
        Assert.Equal(["WP_PORT", "RATIO", "DEBUG", "DB_PASSWORD", "MODE", "NOTES", "HOST", "API_KEY", "DB"], schema.Names);
        Assert.Equal(8080L, schema["WP_PORT"].Default);
        Assert.Equal(65535d, schema["WP_PORT"].Max);
        Assert.True(schema["WP_PORT"].Required);
        Assert.Equal(1.5d, schema["RATIO"].Default);
        Assert.Equal(false, schema["DEBUG"].Default);
        Assert.True(schema["DB_PASSWORD"].IsSecret);
        Assert.Equal(["dev", "prod"], schema["MODE"].Options);
        Assert.Equal(new VariableDependency("MODE", "prod"), schema["HOST"].DependsOn);
        Assert.Equal(new VariableDependency("DEBUG"), schema["API_KEY"].DependsOn);
        Assert.Equal(["DB_PASSWORD", "HOST"], schema["DB"].Members);
        Assert.Equal("DB", schema.GroupOf("HOST"));
    }

    [Fact]
    public void Write_ThenParse_RoundTripsEqualAndStable()
    {
        var schema = VariableSchemaYaml.Parse(AllTypes).Schema!;

        var yaml = VariableSchemaYaml.Write(schema);
        var again = VariableSchemaYaml.Parse(yaml);

        Assert.True(again.Succeeded, string.Join("; ", again.Errors));
        Assert.Equal(schema, again.Schema);
        Assert.Equal(yaml, VariableSchemaYaml.Write(again.Schema!));
    }

    [Fact]
    public void Write_StringDefaultThatLooksLikeNumber_ReadsBackAsString()
    {
        var schema = new VariableSchema([new("VERSION", new VariableDefinition(VariableType.String) { Default = "1.10" }), new("FLAG", new VariableDefinition(VariableType.String) { Default = "true" })]);

        var again = VariableSchemaYaml.Parse(VariableSchemaYaml.Write(schema));

        Assert.Equal(schema, again.Schema);
    }

    [Theory]
    [InlineData("A: {type: string, maxx: 3}", 1, 19, "unknown key 'maxx'")]
    [InlineData("A: {type: colour}", 1, 11, "unknown type 'colour'")]
    [InlineData("A: {label: x}", 1, 4, "'type' is required")]
    [InlineData("A: {type: integer, default: abc}", 1, 29, "default 'abc' is not an integer")]
    [InlineData("A: {type: integer, default: 1.5}", 1, 29, "not an integer")]
    [InlineData("A: {type: boolean, default: \"true\"}", 1, 29, "not a boolean")]
    [InlineData("A: {type: string, pattern: \"[a-\"}", 1, 28, "pattern is not a valid regular expression")]
    [InlineData("A: {type: select}", 1, 1, "a select needs a non-empty 'options' list")]
    [InlineData("A: {type: select, options: [a, b], default: c}", 1, 45, "A must be one of: a, b")]
    [InlineData("A: {type: string, generate: \"password:4\"}", 1, 29, "password:N with N from 8 to 128")]
    [InlineData("A: {type: string, generate: \"password:129\"}", 1, 29, "password:N with N from 8 to 128")]
    [InlineData("A: {type: string, generate: \"hex:0\"}", 1, 29, "hex:N with N from 1 to 256")]
    [InlineData("A: {type: string, generate: \"hex:257\"}", 1, 29, "hex:N with N from 1 to 256")]
    [InlineData("A: {type: string, generate: guid}", 1, 29, "Unknown generate rule 'guid'")]
    [InlineData("A: {type: integer, generate: uuid}", 1, 30, "only allowed on a string or password")]
    [InlineData("A: {type: string, dependsOn: B}", 1, 30, "names 'B', which is not a variable")]
    [InlineData("A: {type: string, dependsOn: A}", 1, 30, "cannot depend on itself")]
    [InlineData("A: {type: integer, min: 10, max: 5}", 1, 25, "min (10) is greater than max (5)")]
    [InlineData("A: {type: boolean, min: 1}", 1, 25, "'min' does not apply to a boolean")]
    [InlineData("A: {type: integer, pattern: x}", 1, 29, "'pattern' only applies to string")]
    [InlineData("A: {type: integer, default: 0, min: 1}", 1, 29, "A must be at least 1")]
    [InlineData("1A: {type: string}", 1, 1, "invalid name")]
    [InlineData("A: {type: string, options: [x]}", 1, 28, "'options' is only allowed on a select")]
    [InlineData("A: {type: group, members: [B]}", 1, 27, "member 'B' is not a variable")]
    [InlineData("A: {type: group, members: []}", 1, 27, "at least one member")]
    [InlineData("A: {type: group, members: [B], default: x}\nB: {type: string}", 1, 41, "'default' is not allowed")]
    [InlineData("A: {type: string, dependsOn: B}\nB: {type: string, dependsOn: A}", 1, 30, "cycle: A -> B -> A")]
    [InlineData("A: {type: string, label: [x]}", 1, 26, "'label' must be text")]
    [InlineData("A: {type: string, required: maybe}", 1, 29, "'required' must be true or false")]
    [InlineData("A: {type: string}\nA: {type: string}", 2, 1, "Duplicate key A")]
    [InlineData("A: {type: string", 2, 1, "Invalid YAML")]
    [InlineData("A: [1, 2]", 1, 4, "must be a mapping")]
    public void Parse_InvalidDefinition_ReportsMessageAtPosition(string yaml, int line, int column, string expected)
    {
        var result = VariableSchemaYaml.Parse(yaml);

        Assert.False(result.Succeeded);
        Assert.Null(result.Schema);
        var error = Assert.Single(result.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Parse_GroupMemberInTwoGroups_ReportsSecondGroup()
    {
        var result = VariableSchemaYaml.Parse("G1: {type: group, members: [A]}\nG2: {type: group, members: [A]}\nA: {type: string}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("G2", error.Variable);
        Assert.Contains("already in group 'G1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyText_GivesEmptySchema()
    {
        var result = VariableSchemaYaml.Parse("");

        Assert.True(result.Succeeded);
        Assert.Empty(result.Schema!);
    }
}
