using Microsoft.Extensions.Logging;

namespace WindFlow.Core.Deployments;

/// <summary>
/// Picks up runs a previous WindFlow process left queued or in progress. Queued ones are simply
/// scheduled again; interrupted ones are resumed from the start, which is safe because every step
/// converges on the desired state (what already exists is kept, what is missing is made).
/// </summary>
public sealed partial class RunRecovery(IRunStore runs, IRunScheduler scheduler, TimeProvider clock, ILogger<RunRecovery> logger)
{
    /// <summary>Schedules every pending or running run again; returns how many.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var active = await runs.ListActiveAsync(cancellationToken);
        foreach (var run in active)
        {
            if (run.Status == RunStatus.Running)
            {
                var sequence = await runs.LastSequenceAsync(run.Id, cancellationToken) + 1;
                await runs.AppendEventsAsync(
                    [new RunEvent
                    {
                        RunId = run.Id,
                        Sequence = sequence,
                        Time = clock.GetUtcNow(),
                        Level = RunEventLevel.Warning,
                        Message = "WindFlow restarted while this run was in progress; resuming it.",
                    }],
                    cancellationToken);
            }

            LogRecovered(logger, run.Id, run.Kind, run.Status);
            await scheduler.EnqueueAsync(run.Id, cancellationToken);
        }

        return active.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduling run {RunId} ({Kind}) again; it was {Status} when WindFlow stopped")]
    private static partial void LogRecovered(ILogger logger, Guid runId, RunKind kind, RunStatus status);
}
