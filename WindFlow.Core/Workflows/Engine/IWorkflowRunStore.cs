namespace WindFlow.Core.Workflows.Engine;

/// <summary>Persists runs so that a restart can resume them; the engine calls it after every transition.</summary>
public interface IWorkflowRunStore
{
    /// <summary>Saves the run's own fields (status, vars, timings) and every node state; never the cancel request.</summary>
    Task SaveRunAsync(WorkflowRun run, CancellationToken cancellationToken);

    /// <summary>Saves one node's state.</summary>
    Task SaveNodeAsync(Guid runId, NodeRun node, CancellationToken cancellationToken);

    /// <summary>Loads a run, or null.</summary>
    Task<WorkflowRun?> GetAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Records that someone asked to cancel the run, for whichever instance executes it; engine saves never clear it.</summary>
    Task RequestCancelAsync(Guid runId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// What may have been decided elsewhere about a run this instance executes: its cancel request,
    /// and the stored state of those of <paramref name="waitingNodeIds"/> that are no longer waiting
    /// for approval in the store. Null when the run does not exist.
    /// </summary>
    Task<RunControl?> GetControlAsync(Guid runId, IReadOnlyCollection<string> waitingNodeIds, CancellationToken cancellationToken);
}

/// <summary>See <see cref="IWorkflowRunStore.GetControlAsync"/>.</summary>
public sealed record RunControl(DateTimeOffset? CancelRequestedAt, IReadOnlyList<NodeRun> DecidedNodes);
