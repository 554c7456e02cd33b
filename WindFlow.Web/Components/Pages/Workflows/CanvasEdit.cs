namespace WindFlow.Web.Components.Pages.Workflows;

/// <summary>
/// One edit the canvas island reports (wwwroot-assets/src/workflow-editor.js): <c>nodeAdded</c>,
/// <c>nodeMoved</c>, <c>nodeRemoved</c>, <c>edgeAdded</c>, <c>edgeRemoved</c>.
/// </summary>
public sealed record CanvasEdit(string Kind)
{
    public string? Id { get; init; }

    public string? Type { get; init; }

    public double X { get; init; }

    public double Y { get; init; }

    /// <summary>For a pasted node, the node it copies (whose settings it takes).</summary>
    public string? CopyOf { get; init; }

    public string? From { get; init; }

    public string? FromPort { get; init; }

    public string? To { get; init; }

    public string? ToPort { get; init; }
}

/// <summary>What the canvas draws for a node; the settings stay on the server.</summary>
public sealed record CanvasNode(string Id, string Type, string Label, double X, double Y);

/// <summary>The drawing sent to the canvas.</summary>
public sealed record CanvasGraph(IReadOnlyList<CanvasNode> Nodes, IReadOnlyList<CanvasEdgeModel> Edges);

/// <summary>An edge as the canvas draws it.</summary>
public sealed record CanvasEdgeModel(string From, string? FromPort, string To, string? ToPort);

/// <summary>A node type as the palette and the ports need it.</summary>
public sealed record CanvasNodeType(string Type, string Category, string Label, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

/// <summary>A validation problem to mark on a node.</summary>
public sealed record CanvasProblem(string NodeId, string Message);
