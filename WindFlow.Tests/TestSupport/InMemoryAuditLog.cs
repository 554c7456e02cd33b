using WindFlow.Core.Auditing;

namespace WindFlow.Tests.TestSupport;

/// <summary>An <see cref="IAuditLog"/> in a list, for unit tests; <see cref="FailWrites"/> makes the store throw.</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private long _nextId;

    public List<AuditEvent> Events { get; } = [];

    public bool FailWrites { get; set; }

    public Task AddAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        if (FailWrites)
        {
            throw new InvalidOperationException("audit store down");
        }

        auditEvent.Id = ++_nextId;
        Events.Add(auditEvent);
        return Task.CompletedTask;
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(new AuditPage([.. Events.AsEnumerable().Reverse()], Events.Count, 1, Events.Count));

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        Task.FromResult(Events.RemoveAll(e => e.Time < before));
}

/// <summary>An actor fixed by the test.</summary>
public sealed class FixedAuditActor(AuditActorInfo? actor) : IAuditActor
{
    public AuditActorInfo? Current => actor;
}
