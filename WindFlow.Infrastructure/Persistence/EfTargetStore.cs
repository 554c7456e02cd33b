using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Persistence;

internal sealed class EfTargetStore(IDbContextFactory<WindFlowDbContext> contexts) : ITargetStore
{
    public async Task<IReadOnlyList<Target>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Targets.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
    }

    public async Task<Target?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Targets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    public async Task<bool> NameExistsAsync(Guid organizationId, string name, Guid? exceptId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Targets.AnyAsync(t => t.OrganizationId == organizationId && t.Name == name && (exceptId == null || t.Id != exceptId), cancellationToken);
    }

    public async Task<bool> EndpointExistsAsync(string endpoint, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Targets.AnyAsync(t => t.Endpoint == endpoint, cancellationToken);
    }

    public async Task<bool> AddAsync(Target target, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Targets.Add(target);
        return await TrySaveAsync(db, target, cancellationToken);
    }

    public async Task<bool> UpdateAsync(Target target, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Targets.Update(target);
        return await TrySaveAsync(db, target, cancellationToken);
    }

    public async Task<bool> UpdateStatusAsync(Target target, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.Targets
            .Where(t => t.Id == target.Id)
            .ExecuteUpdateAsync(
                s => s.SetProperty(t => t.Status, target.Status)
                    .SetProperty(t => t.StatusMessage, target.StatusMessage)
                    .SetProperty(t => t.LastSeenAt, target.LastSeenAt)
                    .SetProperty(t => t.EngineVersion, target.EngineVersion)
                    .SetProperty(t => t.ApiVersion, target.ApiVersion)
                    .SetProperty(t => t.UpdatedAt, target.UpdatedAt),
                cancellationToken);
        return updated == 1;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Targets.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    private async Task<bool> TrySaveAsync(WindFlowDbContext db, Target target, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique index caught a concurrent save of the same name; the caller reports a conflict.
            if (await NameExistsAsync(target.OrganizationId, target.Name, target.Id, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }
}
