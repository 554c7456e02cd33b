using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Core.Workflows;

/// <summary>Where workflows, their versions, their runs and their webhook tokens are kept.</summary>
public interface IWorkflowStore
{
    /// <summary>Every workflow, by name.</summary>
    Task<IReadOnlyList<Workflow>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The workflow with its latest graph, or null.</summary>
    Task<Workflow?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Whether another workflow (not <paramref name="exceptId"/>) already has <paramref name="name"/>.</summary>
    Task<bool> NameTakenAsync(Guid organizationId, string name, Guid? exceptId, CancellationToken cancellationToken);

    /// <summary>Adds a new workflow with its first version.</summary>
    Task AddAsync(Workflow workflow, WorkflowVersion version, CancellationToken cancellationToken);

    /// <summary>Saves the workflow's fields and adds <paramref name="version"/> when given.</summary>
    Task UpdateAsync(Workflow workflow, WorkflowVersion? version, CancellationToken cancellationToken);

    /// <summary>Deletes the workflow with its versions, runs and webhook token.</summary>
    Task DeleteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The versions, newest first.</summary>
    Task<IReadOnlyList<WorkflowVersion>> VersionsAsync(Guid workflowId, CancellationToken cancellationToken);

    /// <summary>One version, or null.</summary>
    Task<WorkflowVersion?> FindVersionAsync(Guid workflowId, int number, CancellationToken cancellationToken);

    /// <summary>Adds a new run (the engine's <see cref="IWorkflowRunStore"/> saves its later states).</summary>
    Task AddRunAsync(WorkflowRun run, string? requestedBy, CancellationToken cancellationToken);

    /// <summary>Runs newest first, optionally of one workflow and one status.</summary>
    Task<IReadOnlyList<WorkflowRun>> ListRunsAsync(Guid? workflowId, WorkflowRunStatus? status, int take, CancellationToken cancellationToken);

    /// <summary>Ids of runs that are pending or running, oldest first (what a restart must pick up).</summary>
    Task<IReadOnlyList<Guid>> ListUnfinishedRunsAsync(Guid? workflowId, CancellationToken cancellationToken);

    /// <summary>Replaces the workflow's webhook token hash.</summary>
    Task SetWebhookHashAsync(Guid workflowId, string tokenHash, CancellationToken cancellationToken);

    /// <summary>The workflow whose webhook token has <paramref name="tokenHash"/>, with the stored hash, or null.</summary>
    Task<(Guid WorkflowId, string StoredHash)?> FindWebhookAsync(string tokenHash, CancellationToken cancellationToken);
}

/// <summary>Hands workflow runs and schedule triggers to the background scheduler.</summary>
public interface IWorkflowScheduler
{
    /// <summary>Schedules <paramref name="runId"/> to execute as soon as a worker is free.</summary>
    Task EnqueueAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Replaces the workflow's schedule triggers with those of <paramref name="workflow"/> (none when it is disabled or null).</summary>
    Task SyncSchedulesAsync(Guid workflowId, Workflow? workflow, CancellationToken cancellationToken);

    /// <summary>Problems with the graph's schedule triggers (cron syntax, time zone) that only the scheduler can judge.</summary>
    IReadOnlyList<WorkflowProblem> CheckSchedules(WorkflowGraph graph);

    /// <summary>
    /// When a schedule trigger with <paramref name="cron"/> in <paramref name="timeZone"/> (UTC when empty)
    /// fires next: the first <paramref name="count"/> times after <paramref name="after"/>, each at the
    /// zone's offset of that moment. Empty when the cron expression or the time zone is not valid.
    /// </summary>
    IReadOnlyList<DateTimeOffset> NextFireTimes(string cron, string? timeZone, DateTimeOffset after, int count);
}
