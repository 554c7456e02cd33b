using WindFlow.Core.Stacks;

namespace WindFlow.Core.Workflows;

/// <summary>The palette group of a node type.</summary>
public enum NodeCategory
{
    /// <summary>Starts a run; has no input.</summary>
    Trigger,

    /// <summary>Does something to the outside world.</summary>
    Action,

    /// <summary>Steers the run: conditions, joins, variables.</summary>
    Logic,
}

/// <summary>
/// What the editor and the engine know about a node type. Settings reuse the stacks' variables
/// schema so the side panel can be rendered by the same form as a deploy.
/// </summary>
/// <param name="Type">The type id stored in the graph, e.g. <c>logic.condition</c>.</param>
/// <param name="Category">The palette group.</param>
/// <param name="Label">The default node label.</param>
/// <param name="Inputs">Input port names; empty for triggers.</param>
/// <param name="Outputs">Output port names.</param>
/// <param name="Settings">The settings form; the engine's own settings (<c>timeoutSeconds</c>, <c>retries</c>...) are included.</param>
public sealed record NodeTypeDescriptor(
    string Type,
    NodeCategory Category,
    string Label,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    VariableSchema Settings)
{
    /// <summary>Settings that hold a whole expression evaluated by the node itself, so the engine must not interpolate them first.</summary>
    public IReadOnlyList<string> ExpressionSettings { get; init; } = [];
}
