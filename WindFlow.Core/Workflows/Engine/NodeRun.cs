using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>Where one node of a run stands.</summary>
public enum NodeRunStatus
{
    /// <summary>Not started.</summary>
    Pending,

    /// <summary>An attempt is executing (or waiting to retry).</summary>
    Running,

    /// <summary>Finished with an output.</summary>
    Succeeded,

    /// <summary>Finished with an error.</summary>
    Failed,

    /// <summary>Not run because no live branch reaches it (a condition took the other output, or an input was skipped).</summary>
    Skipped,

    /// <summary>An approval node waiting for a person's decision.</summary>
    WaitingForApproval,

    /// <summary>Stopped or never started because the run was cancelled or failed elsewhere.</summary>
    Cancelled,
}

/// <summary>The state of one node in one run: an immutable snapshot, replaced on every transition.</summary>
/// <param name="NodeId">The graph node.</param>
/// <param name="Status">Where it stands.</param>
public sealed record NodeRun(string NodeId, NodeRunStatus Status)
{
    /// <summary>1 for the first attempt; retries and resumed restarts increase it.</summary>
    public int Attempt { get; init; }

    /// <summary>The settings with expressions evaluated; secret values are masked.</summary>
    public JsonNode? Input { get; init; }

    /// <summary>What the node produced, reachable as <c>nodes.ID.output</c>.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>The output ports it took; null means all (a condition takes one).</summary>
    public IReadOnlyList<string>? Ports { get; init; }

    /// <summary>Why it failed, was skipped or cancelled.</summary>
    public string? Error { get; init; }

    /// <summary>What the executor and the engine logged, oldest first.</summary>
    public IReadOnlyList<string> Logs { get; init; } = [];

    /// <summary>When the latest attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached a final state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>For an approval: when it gives up waiting; null waits forever.</summary>
    public DateTimeOffset? ApprovalDeadline { get; init; }

    /// <summary>Whether the node reached a state the engine never leaves on its own.</summary>
    public bool IsFinished => Status is NodeRunStatus.Succeeded or NodeRunStatus.Failed or NodeRunStatus.Skipped or NodeRunStatus.Cancelled;
}
