using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Stacks;

namespace WindFlow.Infrastructure.Persistence;

internal sealed class EfStackStore(IDbContextFactory<WindFlowDbContext> contexts) : IStackStore
{
    public async Task<IReadOnlyList<Stack>> ListAsync(bool includeArchived, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Stacks.AsNoTracking().Where(s => includeArchived || !s.Archived).OrderBy(s => s.Name).ToListAsync(cancellationToken);
    }

    public async Task<Stack?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Stacks.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    public async Task<bool> NameExistsAsync(Guid organizationId, string name, Guid? exceptId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Stacks.AnyAsync(s => s.OrganizationId == organizationId && s.Name == name && (exceptId == null || s.Id != exceptId), cancellationToken);
    }

    public async Task<bool> AddAsync(Stack stack, StackVersion version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Stacks.Add(stack);
        db.StackVersions.Add(version);
        return await TrySaveAsync(db, cancellationToken);
    }

    public async Task<bool> AddVersionAsync(Stack stack, StackVersion version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Stacks.Update(stack);
        db.StackVersions.Add(version);
        return await TrySaveAsync(db, cancellationToken);
    }

    public async Task<bool> UpdateAsync(Stack stack, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Stacks.Update(stack);
        return await TrySaveAsync(db, cancellationToken);
    }

    public async Task<IReadOnlyList<StackVersion>> ListVersionsAsync(Guid stackId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StackVersions.AsNoTracking().Where(v => v.StackId == stackId).OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
    }

    public async Task<StackVersion?> FindVersionAsync(Guid stackId, int number, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StackVersions.AsNoTracking().SingleOrDefaultAsync(v => v.StackId == stackId && v.Number == number, cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.StackVersions.Where(v => v.StackId == id).ExecuteDeleteAsync(cancellationToken);
        return await db.Stacks.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    // A unique index (stack name, or stack + version number) caught a concurrent save: the caller
    // re-reads and reports a conflict instead of an error page.
    private static async Task<bool> TrySaveAsync(WindFlowDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
