namespace WindFlow.Core.Workflows.Engine;

/// <summary>A validated graph indexed for execution: edges per node, type and executor per node.</summary>
internal sealed class RunPlan
{
    public RunPlan(WorkflowGraph graph, NodeTypeRegistry types, IReadOnlyDictionary<string, IWorkflowNodeExecutor> executors)
    {
        Nodes = graph.Nodes.GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Incoming = Nodes.Keys.ToDictionary(id => id, _ => new List<WorkflowEdge>(), StringComparer.Ordinal);
        Outgoing = Nodes.Keys.ToDictionary(id => id, _ => new List<WorkflowEdge>(), StringComparer.Ordinal);
        foreach (var edge in graph.Edges.Where(e => Outgoing.ContainsKey(e.From) && Incoming.ContainsKey(e.To)))
        {
            Outgoing[edge.From].Add(edge);
            Incoming[edge.To].Add(edge);
        }

        Types = Nodes.Values.Where(n => types.TryGet(n.Type, out _))
            .ToDictionary(n => n.Id, n => { types.TryGet(n.Type, out var d); return d!; }, StringComparer.Ordinal);
        Executors = executors;
    }

    public Dictionary<string, WorkflowNode> Nodes { get; }

    public Dictionary<string, List<WorkflowEdge>> Incoming { get; }

    public Dictionary<string, List<WorkflowEdge>> Outgoing { get; }

    public Dictionary<string, NodeTypeDescriptor> Types { get; }

    public IReadOnlyDictionary<string, IWorkflowNodeExecutor> Executors { get; }

    /// <summary>A join whose <c>mode</c> is <c>any</c> runs as soon as one input is live.</summary>
    public bool WaitsForAny(string nodeId)
    {
        var node = Nodes[nodeId];
        return node.Type == "logic.join" && node.Config["mode"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && node.Config["mode"]!.GetValue<string>() == "any";
    }
}
