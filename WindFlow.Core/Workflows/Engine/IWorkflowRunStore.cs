namespace WindFlow.Core.Workflows.Engine;

/// <summary>Persists runs so that a restart can resume them; the engine calls it after every transition.</summary>
public interface IWorkflowRunStore
{
    /// <summary>Saves the run's own fields (status, vars, timings) and every node state.</summary>
    Task SaveRunAsync(WorkflowRun run, CancellationToken cancellationToken);

    /// <summary>Saves one node's state.</summary>
    Task SaveNodeAsync(Guid runId, NodeRun node, CancellationToken cancellationToken);

    /// <summary>Loads a run, or null.</summary>
    Task<WorkflowRun?> GetAsync(Guid runId, CancellationToken cancellationToken);
}
