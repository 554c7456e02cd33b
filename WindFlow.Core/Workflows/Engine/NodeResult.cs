using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>How an executor's attempt ended.</summary>
public enum NodeOutcome
{
    /// <summary>Done; downstream nodes may run.</summary>
    Succeeded,

    /// <summary>Failed; the engine retries if the node allows it.</summary>
    Failed,

    /// <summary>An approval: the branch pauses until a person decides.</summary>
    WaitingForApproval,
}

/// <summary>What an <see cref="IWorkflowNodeExecutor"/> returns.</summary>
public sealed record NodeResult(NodeOutcome Outcome)
{
    /// <summary>The node's output.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>The output ports to follow; null follows all of them.</summary>
    public IReadOnlyList<string>? Ports { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>Run variables to set (<c>vars.*</c>).</summary>
    public JsonObject? Variables { get; init; }

    /// <summary>For an approval: how long to wait for a decision; null waits forever.</summary>
    public TimeSpan? ApprovalTimeout { get; init; }

    /// <summary>A success with an output.</summary>
    public static NodeResult Success(JsonNode? output = null, IReadOnlyList<string>? ports = null) =>
        new(NodeOutcome.Succeeded) { Output = output, Ports = ports };

    /// <summary>A failure.</summary>
    public static NodeResult Failure(string error) => new(NodeOutcome.Failed) { Error = error };

    /// <summary>A pause until <see cref="WorkflowRunner.ApproveAsync"/> or <see cref="WorkflowRunner.RejectAsync"/>.</summary>
    public static NodeResult WaitForApproval(TimeSpan? timeout) => new(NodeOutcome.WaitingForApproval) { ApprovalTimeout = timeout };
}
