namespace WindFlow.Core.Deployments;

/// <summary>Hands a persisted run to the background executor.</summary>
public interface IRunScheduler
{
    /// <summary>Schedules <paramref name="runId"/> to execute as soon as a worker is free.</summary>
    Task EnqueueAsync(Guid runId, CancellationToken cancellationToken);
}
