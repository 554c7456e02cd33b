using System.Text.Json.Nodes;
using WindFlow.Core.Stacks;
using WindFlow.Core.Workflows;

namespace WindFlow.Tests.Core.Workflows;

public sealed class WorkflowInputFormTests
{
    private const string Form = """{"TAG": {"type": "string", "required": true}, "REPLICAS": {"type": "integer", "default": 2, "min": 1}, "DRY": {"type": "boolean"}}""";

    [Fact]
    public void Of_ManualTriggerWithForm_ReadsTheSchema_TextOrObject()
    {
        var asText = WorkflowInputForm.Of(Graph(JsonValue.Create(Form)));
        var asObject = WorkflowInputForm.Of(Graph(JsonNode.Parse(Form)));

        Assert.Equal(["TAG", "REPLICAS", "DRY"], asText!.Select(v => v.Key));
        Assert.Equal(VariableSchemaJson.Write(asText!), VariableSchemaJson.Write(asObject!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("""{"TAG": {"type": "colour"}}""")]
    [InlineData("{}")]
    public void Of_NoOrBrokenForm_Null(string? form) =>
        Assert.Null(WorkflowInputForm.Of(Graph(form is null ? null : JsonValue.Create(form))));

    [Fact]
    public void ToBody_TypesNumbersAndBooleans_LeavesEmptyAnswersOut()
    {
        var schema = WorkflowInputForm.Of(Graph(JsonValue.Create(Form)))!;

        var body = WorkflowInputForm.ToBody(schema, new Dictionary<string, string?> { ["TAG"] = "v1.2", ["REPLICAS"] = "3", ["DRY"] = "true" });
        var sparse = WorkflowInputForm.ToBody(schema, new Dictionary<string, string?> { ["TAG"] = "v1", ["DRY"] = "" });

        Assert.Equal("""{"TAG":"v1.2","REPLICAS":3,"DRY":true}""", body.ToJsonString());
        Assert.Equal("""{"TAG":"v1"}""", sparse.ToJsonString());
    }

    [Fact]
    public void Check_MissingRequiredAndBelowMinimum_OneProblemEach()
    {
        var schema = WorkflowInputForm.Of(Graph(JsonValue.Create(Form)))!;

        var problems = WorkflowInputForm.Check(schema, JsonNode.Parse("""{"REPLICAS": 0, "OTHER": 1}"""));
        var fine = WorkflowInputForm.Check(schema, JsonNode.Parse("""{"TAG": "x", "REPLICAS": 4, "DRY": false}"""));

        Assert.Equal(["input.OTHER", "input.REPLICAS", "input.TAG"], problems.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.Empty(fine);
    }

    private static WorkflowGraph Graph(JsonNode? form) => new()
    {
        Nodes = [new WorkflowNode("t", "trigger.manual") { Config = form is null ? [] : new JsonObject { ["inputForm"] = form } }],
    };
}
