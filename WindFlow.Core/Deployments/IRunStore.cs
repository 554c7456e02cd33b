namespace WindFlow.Core.Deployments;

/// <summary>Persistence for runs and their events.</summary>
public interface IRunStore
{
    /// <summary>Queues a run; false when its deployment already has a pending or running run.</summary>
    Task<bool> AddAsync(Run run, CancellationToken cancellationToken);

    /// <summary>A run by id, or null.</summary>
    Task<Run?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The pending or running run of a deployment, or null.</summary>
    Task<Run?> FindActiveAsync(Guid deploymentId, CancellationToken cancellationToken);

    /// <summary>Runs of one deployment (or of all when null), newest first.</summary>
    Task<IReadOnlyList<Run>> ListAsync(Guid? deploymentId, int limit, CancellationToken cancellationToken);

    /// <summary>Every pending or running run, oldest first (what a restart must pick up).</summary>
    Task<IReadOnlyList<Run>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>Saves status, timings, error and revision of a run.</summary>
    Task UpdateAsync(Run run, CancellationToken cancellationToken);

    /// <summary>Appends events (their sequence numbers already set).</summary>
    Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken);

    /// <summary>Events of a run with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<RunEvent>> ListEventsAsync(Guid runId, int afterSequence, CancellationToken cancellationToken);

    /// <summary>The highest sequence number stored for a run (0 when none).</summary>
    Task<int> LastSequenceAsync(Guid runId, CancellationToken cancellationToken);
}
