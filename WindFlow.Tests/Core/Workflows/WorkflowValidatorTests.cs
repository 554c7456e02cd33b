using System.Text.Json.Nodes;
using WindFlow.Core.Workflows;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Workflows;

public sealed class WorkflowValidatorTests
{
    private readonly WorkflowValidator _validator = new(new NodeTypeRegistry(BuiltInNodeTypes.All.Append(ScriptedExecutor.Descriptor)));

    private static WorkflowNode Http(string id, string url = "http://h/") =>
        G.Node(id, "action.http", new JsonObject { ["method"] = "GET", ["url"] = url });

    [Fact]
    public void Validate_WellFormedGraph_HasNoProblems()
    {
        var graph = G.Of(G.Trigger(), Http("h"), G.Node("c", "logic.condition", new JsonObject { ["expression"] = "nodes.h.output.status == 200" }), Http("ok"), Http("ko"))
            .Edge("t", "h").Edge("h", "c").Edge("c", "ok", "true").Edge("c", "ko", "false");

        Assert.Empty(_validator.Validate(graph));
    }

    [Fact]
    public void Validate_Cycle_NamesEveryNodeOnIt()
    {
        var graph = G.Of(G.Trigger(), Http("a"), Http("b"), Http("c")).Chain("t", "a", "b", "c", "a");

        var problems = _validator.Validate(graph);

        Assert.Equal(["a", "b", "c"], problems.Select(p => p.NodeId).Order());
        Assert.All(problems, p => Assert.Equal("The workflow loops: a -> b -> c -> a", p.Message));
    }

    [Fact]
    public void Validate_EdgesToUnknownNodesAndPorts_AreReported()
    {
        var graph = G.Of(G.Trigger(), Http("a"), G.Node("c", "logic.condition", new JsonObject { ["expression"] = "true" }))
            .Edge("t", "a").Edge("a", "ghost").Edge("a", "c").Edge("c", "a", "maybe");

        var messages = _validator.Validate(graph).Select(p => $"{p.NodeId}: {p.Message}").ToList();

        Assert.Contains("a: An edge from 'a' goes to unknown node 'ghost'.", messages);
        Assert.Contains("c: 'c' has no output port 'maybe' (it has: true, false).", messages);
    }

    [Fact]
    public void Validate_EdgeIntoTrigger_IsAnUnknownInputPort()
    {
        var graph = G.Of(G.Trigger(), Http("a")).Edge("t", "a").Edge("a", "t");

        Assert.Contains(_validator.Validate(graph), p => p.NodeId == "t" && p.Message == "'t' has no input port 'in' (it has: none).");
    }

    [Fact]
    public void Validate_UnconnectedInput_IsDangling()
    {
        var problems = _validator.Validate(G.Of(G.Trigger(), Http("a"), Http("lonely")).Edge("t", "a"));

        Assert.Equal([new WorkflowProblem("lonely", null, "Input 'in' of 'lonely' is not connected.")], problems);
    }

    [Fact]
    public void Validate_MissingRequiredSetting_NamesNodeAndSetting()
    {
        var graph = G.Of(G.Trigger(), G.Node("h", "action.http", new JsonObject { ["method"] = "GET", ["url"] = " " })).Edge("t", "h");

        Assert.Equal([new WorkflowProblem("h", "url", "URL is required.")], _validator.Validate(graph));
    }

    [Fact]
    public void Validate_DeployWithoutDeploymentOrStackTargetName_IsReported()
    {
        var graph = G.Of(G.Trigger(), G.Node("d", "action.deploy", new JsonObject { ["stackId"] = "s" })).Edge("t", "d");

        Assert.Equal([new WorkflowProblem("d", "deploymentId", "Give a deployment, or a stack, a target and a project name.")], _validator.Validate(graph));
    }

    [Theory]
    [InlineData(0, "The workflow needs a trigger node.")]
    [InlineData(2, "A workflow has exactly one trigger; 't0' is already its trigger.")]
    public void Validate_TriggerCountOtherThanOne_IsReported(int triggers, string message)
    {
        var nodes = Enumerable.Range(0, triggers).Select(i => G.Trigger($"t{i}")).ToArray();

        Assert.Contains(_validator.Validate(G.Of(nodes)), p => p.Message == message);
    }

    [Fact]
    public void Validate_ExpressionReferences_UnknownOrLaterNodesAndSyntax()
    {
        var graph = G.Of(G.Trigger(), Http("a", "http://{{ nodes.ghost.output }}/"), Http("b", "{{ nodes.c.output.x }}"), Http("c", "{{ vars.x == }}"))
            .Chain("t", "a", "b", "c");

        var problems = _validator.Validate(graph);

        Assert.Contains(new WorkflowProblem("a", "url", "The expression refers to unknown node 'ghost'."), problems);
        Assert.Contains(new WorkflowProblem("b", "url", "The expression refers to 'c', which does not run before 'b'."), problems);
        Assert.Contains(problems, p => p is { NodeId: "c", Setting: "url" } && p.Message.StartsWith("Expected a value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadIdsAndTypes_AreReported()
    {
        var graph = G.Of(G.Trigger(), G.Node("deploy-prod", "action.nope"), G.Trigger("t")).Edge("t", "deploy-prod");

        var messages = _validator.Validate(graph).Select(p => p.Message).ToList();

        Assert.Contains(messages, m => m.StartsWith("Node id 'deploy-prod' must start with a letter", StringComparison.Ordinal));
        Assert.Contains("Unknown node type 'action.nope'.", messages);
        Assert.Contains("Node id 't' is used by more than one node.", messages);
    }

    [Fact]
    public void Registry_BuiltInTypes_CoverTheIssueList()
    {
        var types = new NodeTypeRegistry();

        Assert.Equal(17, types.All.Count());
        Assert.True(types.TryGet("logic.condition", out var condition));
        Assert.Equal(["true", "false"], condition.Outputs);
        Assert.All(types.All.Where(t => t.Category == NodeCategory.Trigger), t => Assert.Empty(t.Inputs));
        Assert.All(types.All, t => Assert.Empty(t.Settings.Validate()));
    }
}
