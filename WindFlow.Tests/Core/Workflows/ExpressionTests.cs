using System.Text.Json.Nodes;
using WindFlow.Core.Workflows.Expressions;

namespace WindFlow.Tests.Core.Workflows;

public sealed class ExpressionTests
{
    private static readonly ExpressionScope Scope = new()
    {
        Trigger = JsonNode.Parse("""{"body": {"tag": "v2", "count": 3, "ok": true, "items": ["a", "b"], "key with space": 1}}"""),
        Nodes = new Dictionary<string, JsonNode?>
        {
            ["deployStaging"] = JsonNode.Parse("""{"status": "succeeded", "output": {"revision": 7}}"""),
        },
        Vars = new JsonObject { ["x"] = "hello", ["n"] = 2.5 },
        Secrets = new Dictionary<string, string> { ["TOKEN"] = "abc" },
    };

    [Theory]
    [InlineData("trigger.body.tag == \"v2\"", true)]
    [InlineData("trigger.body.tag != 'v2'", false)]
    [InlineData("nodes.deployStaging.output.revision >= 7", true)]
    [InlineData("nodes.deployStaging.output.revision < 7", false)]
    [InlineData("trigger.body.count > 2 && trigger.body.count <= 3", true)]
    [InlineData("trigger.body.count > 5 || vars.x == \"hello\"", true)]
    [InlineData("!trigger.body.ok", false)]
    [InlineData("!(trigger.body.count == 3) || false", false)]
    [InlineData("true || false && false", true)]
    [InlineData("(true || false) && false", false)]
    [InlineData("trigger.body.items[1] == \"b\"", true)]
    [InlineData("trigger.body.items.0 == \"a\"", true)]
    [InlineData("trigger.body[\"key with space\"] == 1", true)]
    [InlineData("trigger.body.missing == null", true)]
    [InlineData("\"1\" == 1", false)]
    [InlineData("vars.n > -1.5", true)]
    [InlineData("\"abc\" < \"abd\"", true)]
    [InlineData("secrets.TOKEN == \"abc\"", true)]
    public void EvaluateCondition_Expression_GivesExpected(string text, bool expected) =>
        Assert.Equal(expected, ExpressionEvaluator.EvaluateCondition(ExpressionParser.Parse(text), Scope));

    [Theory]
    [InlineData("trigger.body.tag ==", "Expected a value (a literal, a path such as nodes.a.output or '(') at position 19 but found end of expression")]
    [InlineData("(true", "Expected ')' at position 5 but found end of expression")]
    [InlineData("true false", "Expected an operator or the end of the expression at position 5 but found 'false'")]
    [InlineData("foo.bar", "Unknown name 'foo' at position 0: expected trigger, nodes, vars, secrets")]
    [InlineData("vars.x = 1", "Unexpected character '=' at position 7")]
    [InlineData("'open", "Unterminated string starting at position 0: expected a closing '")]
    [InlineData("trigger.", "Expected a name after '.' at position 8 but found end of expression")]
    [InlineData("trigger.body[true]", "Expected an index or a quoted name after '[' at position 13 but found 'true'")]
    public void Parse_InvalidText_ThrowsWithPositionAndExpectation(string text, string message)
    {
        var ex = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));

        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData("trigger.body.tag > 1", "Operator '>' at position 17 needs two numbers or two strings but got a string and a number")]
    [InlineData("trigger.body.count && true", "Operator '&&' needs true or false at position 0 but got a number")]
    [InlineData("nodes.unknown.output", "Node 'unknown' at position 6 has no result: it is unknown or has not run before this node")]
    [InlineData("secrets.OTHER", "Secret 'OTHER' at position 8 is not defined")]
    [InlineData("trigger.body.tag", "The condition must be true or false but is a string")]
    public void EvaluateCondition_WrongTypes_ThrowsClearError(string text, string message)
    {
        var ex = Assert.Throws<ExpressionException>(() => ExpressionEvaluator.EvaluateCondition(ExpressionParser.Parse(text), Scope));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Render_WholePlaceholder_KeepsTheJsonType()
    {
        var rendered = TemplateText.Render(JsonValue.Create("{{ nodes.deployStaging.output }}"), Scope);

        Assert.Equal(7, rendered?["revision"]?.GetValue<int>());
    }

    [Fact]
    public void Render_MixedText_WritesValuesIntoTheString()
    {
        var config = new JsonObject
        {
            ["url"] = "http://x/{{ trigger.body.tag }}/{{nodes.deployStaging.output.revision}}?ok={{ trigger.body.ok }}&none={{ trigger.body.nope }}",
            ["list"] = new JsonArray("{{ vars.x }}", 3),
        };

        var rendered = TemplateText.Render(config, Scope);

        Assert.Equal("http://x/v2/7?ok=true&none=", rendered?["url"]?.GetValue<string>());
        Assert.Equal("hello", rendered?["list"]?[0]?.GetValue<string>());
        Assert.Equal(3, rendered?["list"]?[1]?.GetValue<int>());
    }

    [Fact]
    public void Parse_UnclosedPlaceholder_NamesWhereItOpened()
    {
        var ex = Assert.Throws<ExpressionException>(() => TemplateText.Parse("a {{ vars.x } b"));

        Assert.Equal("Expected '}}' to close the placeholder opened at position 2", ex.Message);
    }

    [Fact]
    public void Parse_ErrorInsidePlaceholder_PointsIntoTheWholeString()
    {
        var ex = Assert.Throws<ExpressionException>(() => TemplateText.Parse("abc {{ vars.x == }}"));

        Assert.Equal(17, ex.Position);
    }
}
