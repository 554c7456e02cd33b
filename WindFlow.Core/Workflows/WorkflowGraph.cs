using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WindFlow.Core.Workflows;

/// <summary>
/// The drawing of a workflow: nodes joined by edges. This is the format the canvas, the API and
/// export/import exchange (see <see cref="WorkflowGraphJson"/>):
/// <c>{"nodes": [{"id", "type", "name"?, "position"?: {"x", "y"}, "config": {...}}], "edges": [{"from", "to", "fromPort"?, "toPort"?}]}</c>.
/// </summary>
public sealed record WorkflowGraph
{
    /// <summary>The nodes, in the order they were drawn.</summary>
    public IReadOnlyList<WorkflowNode> Nodes { get; init; } = [];

    /// <summary>The edges; several edges leaving one output port fan out in parallel.</summary>
    public IReadOnlyList<WorkflowEdge> Edges { get; init; } = [];

    /// <summary>A graph without nodes.</summary>
    public static WorkflowGraph Empty { get; } = new();

    /// <summary>The node with <paramref name="id"/>, or null.</summary>
    public WorkflowNode? Find(string id) => Nodes.FirstOrDefault(n => n.Id == id);
}

/// <summary>One step of a workflow.</summary>
/// <param name="Id">
/// A stable identifier, unique in the graph, made of letters, digits and underscores and not starting
/// with a digit, so expressions can name it: <c>{{ nodes.deployStaging.output.revision }}</c>.
/// </param>
/// <param name="Type">A registered node type such as <c>action.http</c> (see <see cref="NodeTypeRegistry"/>).</param>
public sealed record WorkflowNode(string Id, string Type)
{
    /// <summary>The label shown on the canvas; the type's label when null.</summary>
    public string? Name { get; init; }

    /// <summary>Where the canvas draws the node; null when it was never placed.</summary>
    public NodePosition? Position { get; init; }

    /// <summary>
    /// The node's settings as JSON, named after the type's settings schema. Strings may hold
    /// <c>{{ expression }}</c> placeholders resolved when the node runs; secrets appear only as
    /// <c>{{ secrets.NAME }}</c>, never as values.
    /// </summary>
    public JsonObject Config { get; init; } = [];
}

/// <summary>A point on the canvas.</summary>
/// <param name="X">Horizontal position in canvas units.</param>
/// <param name="Y">Vertical position in canvas units.</param>
public sealed record NodePosition(double X, double Y);

/// <summary>A connection from an output port of one node to an input port of another.</summary>
/// <param name="From">The source node id.</param>
/// <param name="To">The target node id.</param>
public sealed record WorkflowEdge(string From, string To)
{
    /// <summary>The source's output port; <see cref="NodePorts.Out"/> when null.</summary>
    public string? FromPort { get; init; }

    /// <summary>The target's input port; <see cref="NodePorts.In"/> when null.</summary>
    public string? ToPort { get; init; }

    /// <summary>The source port with the default applied.</summary>
    [JsonIgnore]
    public string SourcePort => FromPort ?? NodePorts.Out;

    /// <summary>The target port with the default applied.</summary>
    [JsonIgnore]
    public string TargetPort => ToPort ?? NodePorts.In;
}

/// <summary>The port names most node types use.</summary>
public static class NodePorts
{
    /// <summary>The single input of an action or logic node.</summary>
    public const string In = "in";

    /// <summary>The single output of most nodes.</summary>
    public const string Out = "out";

    /// <summary>The output a condition takes when its expression is true.</summary>
    public const string True = "true";

    /// <summary>The output a condition takes when its expression is false.</summary>
    public const string False = "false";
}
