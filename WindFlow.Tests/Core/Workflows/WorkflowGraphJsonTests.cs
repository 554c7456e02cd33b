using System.Text.Json;
using WindFlow.Core.Workflows;

namespace WindFlow.Tests.Core.Workflows;

public sealed class WorkflowGraphJsonTests
{
    [Fact]
    public void Read_IssueExample_GivesNodesAndEdges()
    {
        const string Json = """
            {"nodes": [{"id": "t", "type": "trigger.manual"},
                       {"id": "h", "type": "action.http", "name": "Health", "position": {"x": 10, "y": 20},
                        "config": {"method": "GET", "url": "http://127.0.0.1:8080/api/health", "expectedStatus": 200}}],
             "edges": [{"from": "t", "to": "h"}]}
            """;

        var graph = WorkflowGraphJson.Read(Json);

        Assert.Equal(["t", "h"], graph.Nodes.Select(n => n.Id));
        Assert.Empty(graph.Nodes[0].Config);
        Assert.Equal(new NodePosition(10, 20), graph.Nodes[1].Position);
        Assert.Equal(200, graph.Nodes[1].Config["expectedStatus"]?.GetValue<int>());
        Assert.Equal(("out", "in"), (graph.Edges[0].SourcePort, graph.Edges[0].TargetPort));
    }

    [Fact]
    public void Write_ThenRead_RoundTripsAndOmitsNulls()
    {
        var graph = WorkflowGraphJson.Read("""{"nodes": [{"id": "c", "type": "logic.condition", "config": {"expression": "true"}}], "edges": [{"from": "c", "to": "x", "fromPort": "true"}]}""");

        var json = WorkflowGraphJson.Write(graph);

        Assert.Equal("""{"nodes":[{"id":"c","type":"logic.condition","config":{"expression":"true"}}],"edges":[{"from":"c","to":"x","fromPort":"true"}]}""", json);
        Assert.Equal(json, WorkflowGraphJson.Write(WorkflowGraphJson.Read(json)));
    }

    [Fact]
    public void Read_NodeWithoutType_Throws() =>
        Assert.Throws<JsonException>(() => WorkflowGraphJson.Read("""{"nodes": [{"id": "a"}]}"""));
}
