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

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.RunEvents.AddRange(events);
        await db.SaveChangesAsync(cancellationToken);
        // The caller keeps the events (live subscribers hold them); detach so ids are the only thing written back.
        db.ChangeTracker.Clear();
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
