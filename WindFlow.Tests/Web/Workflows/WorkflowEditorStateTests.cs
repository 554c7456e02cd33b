using System.Text.Json.Nodes;
using WindFlow.Core.Workflows;
using WindFlow.Web.Components.Pages.Workflows;

namespace WindFlow.Tests.Web.Workflows;

public sealed class WorkflowEditorStateTests
{
    private static WorkflowEditorState NewState()
    {
        var types = new NodeTypeRegistry();
        var state = new WorkflowEditorState(types, new WorkflowValidator(types));
        state.Load("w", null, WorkflowGraph.Empty);
        return state;
    }

    private static CanvasEdit Added(string id, string type, double x = 0, double y = 0, string? copyOf = null) =>
        new("nodeAdded") { Id = id, Type = type, X = x, Y = y, CopyOf = copyOf };

    [Fact]
    public void Apply_AddedNodesAndEdge_GraphHasThemWithDefaultPortsLeftOut()
    {
        var state = NewState();

        state.Apply([Added("t", "trigger.manual", 10, 20), Added("h", "action.http"), new CanvasEdit("edgeAdded") { From = "t", FromPort = "out", To = "h", ToPort = "in" }]);

        var graph = state.ToGraph();
        Assert.Equal(["t", "h"], graph.Nodes.Select(n => n.Id));
        Assert.Equal(new NodePosition(10, 20), graph.Nodes[0].Position);
        var edge = Assert.Single(graph.Edges);
        Assert.Equal(("t", "h", (string?)null, (string?)null), (edge.From, edge.To, edge.FromPort, edge.ToPort));
        Assert.True(state.IsDirty);
        // Defaults are filled in, required settings without one are not: the validator flags them.
        Assert.Equal(300, (long)state.ToGraph().Nodes[1].Config["timeoutSeconds"]!);
        Assert.Contains(state.Problems, p => p is { NodeId: "h", Setting: "url" });
    }

    [Fact]
    public void Apply_RemovedThenReAddedNode_GetsItsSettingsBack()
    {
        var state = NewState();
        state.Apply([Added("t", "trigger.manual"), Added("d", "action.delay")]);
        state.SetSettings("d", new Dictionary<string, string?> { ["seconds"] = "7" });

        state.Apply([new CanvasEdit("nodeRemoved") { Id = "d" }]);
        Assert.Equal(["t"], state.ToGraph().Nodes.Select(n => n.Id));
        state.Apply([Added("d", "action.delay", 5, 5)]);

        Assert.Equal(7, (double)state.ToGraph().Find("d")!.Config["seconds"]!);
    }

    [Fact]
    public void Apply_PastedNode_CopiesTheOriginalsSettings()
    {
        var state = NewState();
        state.Apply([Added("d1", "action.delay")]);
        state.SetSettings("d1", new Dictionary<string, string?> { ["seconds"] = "3", ["continueOnFail"] = "true" });

        state.Apply([Added("d2", "action.delay", copyOf: "d1")]);

        var copy = state.ToGraph().Find("d2")!;
        Assert.Equal(3, (double)copy.Config["seconds"]!);
        Assert.True((bool)copy.Config["continueOnFail"]!);
    }

    [Fact]
    public void SetSettings_TypedBySchema_NumbersAndBooleansAreJsonNotText()
    {
        var state = NewState();
        state.Apply([Added("h", "action.http")]);

        state.SetSettings("h", new Dictionary<string, string?> { ["method"] = "GET", ["expectedStatus"] = "200", ["continueOnFail"] = "false" });

        var config = state.ToGraph().Find("h")!.Config;
        Assert.Equal("""{"method":"GET","expectedStatus":200,"continueOnFail":false}""", config.ToJsonString());
        Assert.Equal("200", state.SettingsOf(state.ToGraph().Find("h")!)["expectedStatus"]);
    }

    [Fact]
    public void WorkflowDocument_WriteThenRead_RoundTripsNameAndGraph()
    {
        var graph = new WorkflowGraph
        {
            Nodes = [new WorkflowNode("t", "trigger.manual") { Position = new NodePosition(1, 2) }, new WorkflowNode("d", "action.delay") { Config = new JsonObject { ["seconds"] = 1 } }],
            Edges = [new WorkflowEdge("t", "d")],
        };

        var (name, description, read) = WorkflowDocument.Read(WorkflowDocument.Write("n", "d", graph));

        Assert.Equal(("n", "d"), (name, description));
        Assert.Equal(WorkflowGraphJson.Write(graph), WorkflowGraphJson.Write(read));
    }
}
