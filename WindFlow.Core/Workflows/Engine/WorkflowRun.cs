using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>Where a whole run stands.</summary>
public enum WorkflowRunStatus
{
    /// <summary>Created, not started yet.</summary>
    Pending,

    /// <summary>Nodes are running or waiting for approval.</summary>
    Running,

    /// <summary>Every node finished and none failed without <c>continueOnFail</c>.</summary>
    Succeeded,

    /// <summary>A node failed without <c>continueOnFail</c>, or the graph is invalid.</summary>
    Failed,

    /// <summary>Someone cancelled the run.</summary>
    Cancelled,
}

/// <summary>One execution of a workflow version; <see cref="Nodes"/> holds one <see cref="NodeRun"/> per graph node.</summary>
public sealed class WorkflowRun
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The workflow that runs.</summary>
    public Guid WorkflowId { get; set; }

    /// <summary>The version of the workflow whose <see cref="Graph"/> runs.</summary>
    public int WorkflowVersion { get; set; }

    /// <summary>The graph being executed (a copy of the version's graph, so edits do not change a running run).</summary>
    public required WorkflowGraph Graph { get; set; }

    /// <summary>What the trigger supplied, reachable as <c>trigger.*</c> (e.g. <c>{"type": "webhook", "body": {...}}</c>).</summary>
    public JsonNode? Trigger { get; set; }

    /// <summary>Run variables, reachable as <c>vars.*</c>; <c>logic.set</c> nodes add to them.</summary>
    public JsonObject Vars { get; set; } = [];

    /// <summary>Where the run stands.</summary>
    public WorkflowRunStatus Status { get; set; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; set; }

    /// <summary>Per node id, its state; the engine adds missing nodes as pending when the run starts.</summary>
    public Dictionary<string, NodeRun> Nodes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When the run was requested.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the engine first started it.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it last finished.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>
    /// When someone asked to cancel it, as stored (<see cref="IWorkflowRunStore.RequestCancelAsync"/>):
    /// read on resume so that a run cancelled while no instance held it does not run again.
    /// </summary>
    public DateTimeOffset? CancelRequestedAt { get; set; }
}
