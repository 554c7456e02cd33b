using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Deployments;

namespace WindFlow.Infrastructure.Persistence;

internal sealed class EfRunStore(IDbContextFactory<WindFlowDbContext> contexts) : IRunStore
{
    public async Task<bool> AddAsync(Run run, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Runs.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (run.ActiveDeploymentId is not null)
        {
            // The unique index on ActiveDeploymentId: another run of this deployment is queued or running.
            if (await HasActiveAsync(run.ActiveDeploymentId.Value, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    public async Task<Run?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    public async Task<Run?> FindActiveAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.ActiveDeploymentId == deploymentId, cancellationToken);
    }

    public async Task<IReadOnlyList<Run>> ListAsync(Guid? deploymentId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.Runs.AsNoTracking()
            .Where(r => deploymentId == null || r.DeploymentId == deploymentId)
            .ToListAsync(cancellationToken);
        // SQLite cannot ORDER BY a DateTimeOffset column, so the (bounded) page is sorted here.
        return runs.OrderByDescending(r => r.CreatedAt).Take(limit).ToList();
    }

    public async Task<IReadOnlyList<Run>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.Runs.AsNoTracking().Where(r => r.ActiveDeploymentId != null).ToListAsync(cancellationToken);
        return runs.OrderBy(r => r.CreatedAt).ToList();
    }

    public async Task UpdateAsync(Run run, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Runs.Update(run);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            await InsertAsync(events, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A write whose outcome was unknown (interrupted after its commit) is retried with the
            // same events: insert only those not stored yet, so the retry cannot fail on (RunId,
            // Sequence) and leave the run without its end. Only this rare path pays the lookup.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var stored = new HashSet<(Guid, int)>();
            foreach (var run in events.GroupBy(e => e.RunId))
            {
                var from = run.Min(e => e.Sequence);
                var runId = run.Key;
                stored.UnionWith((await db.RunEvents.Where(e => e.RunId == runId && e.Sequence >= from).Select(e => e.Sequence).ToListAsync(cancellationToken))
                    .Select(sequence => (runId, sequence)));
            }

            await InsertAsync([.. events.Where(e => !stored.Contains((e.RunId, e.Sequence)))], cancellationToken);
        }
    }

    // Copies: the caller's events are shared with live subscribers, and a failed attempt may have
    // left a store-generated id on them that a retry must not insert.
    private async Task InsertAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.RunEvents.AddRange(events.Select(e => new RunEvent
        {
            RunId = e.RunId,
            Sequence = e.Sequence,
            Time = e.Time,
            Level = e.Level,
            Service = e.Service,
            Step = e.Step,
            Message = e.Message,
            Progress = e.Progress,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunEvent>> ListEventsAsync(Guid runId, int afterSequence, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RunEvents.AsNoTracking()
            .Where(e => e.RunId == runId && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
    }

    public async Task<int> LastSequenceAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RunEvents.Where(e => e.RunId == runId).MaxAsync(e => (int?)e.Sequence, cancellationToken) ?? 0;
    }

    private async Task<bool> HasActiveAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AnyAsync(r => r.ActiveDeploymentId == deploymentId, cancellationToken);
    }
}
