using Microsoft.Extensions.Logging;

namespace WindFlow.Core.Deployments;

/// <summary>
/// Picks up runs a previous WindFlow process left queued or in progress and schedules them again
/// (the scheduler ignores a run it already holds). Interrupted ones are resumed from the start,
/// which is safe because every step converges on the desired state (what already exists is kept,
/// what is missing is made); the executor says so in the run's events.
/// </summary>
public sealed partial class RunRecovery(IRunStore runs, IRunScheduler scheduler, ILogger<RunRecovery> logger)
{
    /// <summary>Schedules every pending or running run again; returns how many.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var active = await runs.ListActiveAsync(cancellationToken);
        foreach (var run in active)
        {
            LogRecovered(logger, run.Id, run.Kind, run.Status);
            await scheduler.EnqueueAsync(run.Id, cancellationToken);
        }

        return active.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduling run {RunId} ({Kind}) again; it was {Status} when WindFlow stopped")]
    private static partial void LogRecovered(ILogger logger, Guid runId, RunKind kind, RunStatus status);
}
