using System.Security.Cryptography;
using System.Text.RegularExpressions;
using WindFlow.Core.Stacks;

namespace WindFlow.Tests.Core.Stacks;

public sealed class VariableValuesTests
{
    private static readonly VariableSchema Schema = VariableSchemaYaml.Parse("""
        PORT: {type: integer, label: Port, min: 1, max: 65535, required: true}
        RATIO: {type: number, min: 0, max: 1}
        DEBUG: {type: boolean, default: false}
        NAME: {type: string, label: Name, min: 3, max: 5, pattern: "[a-z]+"}
        NOTES: {type: textarea, max: 4}
        PW: {type: password, min: 8}
        MODE: {type: select, label: Mode, options: [dev, prod], default: dev}
        HOST: {type: string, label: Host, required: true, dependsOn: {MODE: prod}}
        TRACE: {type: string, required: true, dependsOn: DEBUG}
        TOKEN: {type: password, generate: "hex:16", required: true}
        """).Schema!;

    private static Dictionary<string, string?> Values(params (string Name, string? Value)[] values)
    {
        var result = new Dictionary<string, string?>();
        foreach (var (name, value) in values)
        {
            result[name] = value;
        }

        return result;
    }

    private static string? ErrorFor(IReadOnlyDictionary<string, string?> values, string name) =>
        VariableValues.Validate(Schema, values).SingleOrDefault(e => e.Name == name)?.Message;

    [Theory]
    [InlineData("PORT", "70000", "Port must be at most 65535")]
    [InlineData("PORT", "0", "Port must be at least 1")]
    [InlineData("PORT", "80.5", "Port must be a whole number")]
    [InlineData("PORT", "eighty", "Port must be a whole number")]
    [InlineData("RATIO", "1,5", "RATIO must be a number")]
    [InlineData("RATIO", "1.5", "RATIO must be at most 1")]
    [InlineData("DEBUG", "yes", "DEBUG must be true or false")]
    [InlineData("NAME", "ab", "Name must be at least 3 characters")]
    [InlineData("NAME", "abcdef", "Name must be at most 5 characters")]
    [InlineData("NAME", "abC", "Name must match the pattern [a-z]+")]
    [InlineData("NAME", "ab1cd", "Name must match the pattern [a-z]+")]
    [InlineData("NOTES", "12345", "NOTES must be at most 4 characters")]
    [InlineData("PW", "short", "PW must be at least 8 characters")]
    [InlineData("MODE", "test", "Mode must be one of: dev, prod")]
    public void Validate_BadValue_ReportsFieldMessage(string name, string value, string expected)
    {
        var values = Values(("PORT", "80"), (name, value));

        Assert.Equal(expected, ErrorFor(values, name));
    }

    [Theory]
    [InlineData("PORT", "65535")]
    [InlineData("RATIO", "0.25")]
    [InlineData("DEBUG", "True")]
    [InlineData("NAME", "abc")]
    [InlineData("PW", "long enough")]
    [InlineData("MODE", "prod")]
    public void Validate_GoodValue_HasNoError(string name, string value)
    {
        var values = Values(("PORT", "80"), ("TRACE", "t"), ("HOST", "h"), (name, value));

        Assert.Empty(VariableValues.Validate(Schema, values));
    }

    [Fact]
    public void Validate_RequiredMissing_ReportsRequiredButNotForGenerated()
    {
        var errors = VariableValues.Validate(Schema, Values(("PORT", "")));

        Assert.Equal(["Port is required"], errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_HiddenByDependsOn_IsNotRequiredNorValidated()
    {
        Assert.Null(ErrorFor(Values(("PORT", "1"), ("MODE", "dev")), "HOST"));
        Assert.Null(ErrorFor(Values(("PORT", "1"), ("DEBUG", "false")), "TRACE"));
        Assert.Equal("Host is required", ErrorFor(Values(("PORT", "1"), ("MODE", "prod")), "HOST"));
        Assert.Equal("TRACE is required", ErrorFor(Values(("PORT", "1"), ("DEBUG", "true")), "TRACE"));
    }

    [Fact]
    public void IsVisible_GroupOrChainHidden_HidesMember()
    {
        var schema = VariableSchemaYaml.Parse("""
            ADVANCED: {type: boolean}
            G: {type: group, members: [A], dependsOn: ADVANCED}
            A: {type: string}
            B: {type: string, dependsOn: A}
            """).Schema!;

        Assert.False(VariableValues.IsVisible(schema, "A", Values(("ADVANCED", "false"), ("A", "x"))));
        Assert.False(VariableValues.IsVisible(schema, "B", Values(("ADVANCED", "false"), ("A", "x"))));
        Assert.True(VariableValues.IsVisible(schema, "B", Values(("ADVANCED", "true"), ("A", "x"))));
    }

    [Fact]
    public void Validate_UnknownName_IsAnError()
    {
        Assert.Equal("'PROT' is not a variable of this stack", ErrorFor(Values(("PORT", "1"), ("PROT", "1")), "PROT"));
    }

    [Fact]
    public void Resolve_GivenAndDefaults_AreTyped()
    {
        var resolved = VariableValues.Resolve(Schema, Values(("PORT", "8080"), ("RATIO", "0.5"), ("NAME", "abc")));

        Assert.Equal(8080L, resolved["PORT"]);
        Assert.Equal(0.5d, resolved["RATIO"]);
        Assert.Equal(false, resolved["DEBUG"]);
        Assert.Equal("dev", resolved["MODE"]);
        Assert.Equal("abc", resolved["NAME"]);
        Assert.Null(resolved["HOST"]);
    }

    [Fact]
    public void Resolve_ValueOfWrongType_ThrowsNamingField()
    {
        var ex = Assert.Throws<ArgumentException>(() => VariableValues.Resolve(Schema, Values(("PORT", "x"))));

        Assert.Contains("Port must be an integer", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password:8", "^[A-HJ-NP-Za-km-z2-9]{8}$")]
    [InlineData("password:128", "^[A-HJ-NP-Za-km-z2-9]{128}$")]
    [InlineData("uuid", "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    [InlineData("hex:1", "^[0-9a-f]{1}$")]
    [InlineData("hex:33", "^[0-9a-f]{33}$")]
    public void GenerateMissing_Rule_ProducesFormatAndLength(string rule, string pattern)
    {
        var schema = new VariableSchema([new("X", new VariableDefinition(VariableType.String) { Generate = rule })]);
        using var random = RandomNumberGenerator.Create();

        var first = VariableValues.GenerateMissing(schema, Values(), random);
        var second = VariableValues.GenerateMissing(schema, Values(), random);

        Assert.Equal(["X"], first.Generated);
        Assert.Matches(new Regex(pattern), first.Values["X"]);
        Assert.NotEqual(first.Values["X"], second.Values["X"]);
    }

    [Fact]
    public void GenerateMissing_ExistingValue_IsKept()
    {
        using var random = RandomNumberGenerator.Create();

        var result = VariableValues.GenerateMissing(Schema, Values(("TOKEN", "kept"), ("PORT", "1")), random);

        Assert.Empty(result.Generated);
        Assert.Equal("kept", result.Values["TOKEN"]);
        Assert.Equal("1", result.Values["PORT"]);
    }

    [Fact]
    public void SecretNames_PasswordsAndSecretFlag_InSchemaOrder()
    {
        var schema = VariableSchemaYaml.Parse("A: {type: password}\nB: {type: string}\nC: {type: string, secret: true}").Schema!;

        Assert.Equal(["A", "C"], VariableValues.SecretNames(schema));
    }
}
