using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WindFlow.Core.Organizations;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Core.Workflows;

/// <summary>
/// Executes one persisted workflow run for the background job, and lets callers cancel the runs
/// this process executes. Stopping WindFlow is not a cancellation: the run is stored back as
/// running so that the next start resumes it from its persisted node states. While a run executes,
/// the store is read every <see cref="WorkflowEngineOptions.StoreSyncInterval"/> for what another
/// instance of a cluster was asked to do with it (cancel, approve, reject).
/// </summary>
public sealed partial class WorkflowRunProcessor(
    WorkflowRunner runner,
    IWorkflowRunStore runs,
    WorkflowBus bus,
    IOptions<WorkflowEngineOptions> options,
    TimeProvider time,
    ILogger<WorkflowRunProcessor> logger)
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

        using var syncStop = new CancellationTokenSource();
        var sync = Task.CompletedTask;
        try
        {
            if (run.CancelRequestedAt is not null)
            {
                // Cancelled while no instance held it: the engine records it cancelled without starting a node.
                await active.Cancel.CancelAsync();
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, active.Cancel.Token);
            sync = SyncWithStoreAsync(runId, active, syncStop.Token);
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
            await syncStop.CancelAsync();
            await sync;
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

    private async Task SyncWithStoreAsync(Guid runId, ActiveRun active, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.StoreSyncInterval, time, stop);
                if (await runner.SyncWithStoreAsync(runId, stop))
                {
                    await active.Cancel.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database hiccup delays a remote decision to the next sync; it must not end the run.
                LogSyncFailed(logger, e, runId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the stored state of workflow run {RunId} failed; retrying at the next sync")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, Guid runId);

    private sealed class ActiveRun
    {
        public CancellationTokenSource Cancel { get; } = new();

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
