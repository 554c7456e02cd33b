using System.Collections.Concurrent;
using WindFlow.Core.Organizations;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Core.Workflows;

/// <summary>
/// Executes one persisted workflow run for the background job, and lets callers cancel the runs
/// this process executes. Stopping WindFlow is not a cancellation: the run is stored back as
/// running so that the next start resumes it from its persisted node states.
/// </summary>
public sealed class WorkflowRunProcessor(WorkflowRunner runner, IWorkflowRunStore runs, WorkflowBus bus)
{
    private readonly ConcurrentDictionary<Guid, ActiveRun> _active = new();

    /// <summary>Executes (or resumes) <paramref name="runId"/> unless it already finished.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="stopping">Signalled when WindFlow stops; the run is then left to be resumed.</param>
    public async Task ExecuteAsync(Guid runId, CancellationToken stopping)
    {
        // Nodes deploy, roll back and stop through the guarded services with no user behind them:
        // who may run the workflow was checked when the run started.
        using var system = SystemAccess.Begin();
        var run = await runs.GetAsync(runId, stopping);
        if (run is null || run.Status is WorkflowRunStatus.Succeeded or WorkflowRunStatus.Failed or WorkflowRunStatus.Cancelled)
        {
            return;
        }

        var active = new ActiveRun();
        if (!_active.TryAdd(runId, active))
        {
            return;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, active.Cancel.Token);
            await runner.RunAsync(run, linked.Token);
            if (stopping.IsCancellationRequested && !active.Cancel.IsCancellationRequested && run.Status == WorkflowRunStatus.Cancelled)
            {
                // The engine records a stop as a cancellation; a shutdown must not end the run.
                run.Status = WorkflowRunStatus.Running;
                run.FinishedAt = null;
                run.Error = null;
                await runs.SaveRunAsync(run, CancellationToken.None);
                bus.Publish(new WorkflowNotification(WorkflowNotificationKind.RunChanged, run.Id, run.Status));
            }
        }
        finally
        {
            _active.TryRemove(runId, out _);
            active.Finished.TrySetResult();
            active.Cancel.Dispose();
        }
    }

    /// <summary>Cancels the run if this process executes it, and waits (briefly) for it to stop.</summary>
    /// <returns>False when this process does not execute the run.</returns>
    public async Task<bool> TryCancelAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!_active.TryGetValue(runId, out var active))
        {
            return false;
        }

        try
        {
            await active.Cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // It finished in the meantime.
        }

        await active.Finished.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return true;
    }

    private sealed class ActiveRun
    {
        public CancellationTokenSource Cancel { get; } = new();

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
