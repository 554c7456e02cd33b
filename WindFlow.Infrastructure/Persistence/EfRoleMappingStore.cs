using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Infrastructure.Persistence;

internal sealed class EfRoleMappingStore(IDbContextFactory<WindFlowDbContext> contexts) : IRoleMappingStore
{
    public async Task<IReadOnlyList<(RoleMapping Mapping, string? OrganizationSlug)>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from m in db.RoleMappings.AsNoTracking()
            join o in db.Organizations on m.OrganizationId equals o.Id into owners
            from o in owners.DefaultIfEmpty()
            select new { Mapping = m, Slug = o == null ? null : (string?)o.Slug }).ToListAsync(cancellationToken);
        // SQLite cannot ORDER BY a DateTimeOffset column; the rules are few.
        return rows.OrderBy(r => r.Mapping.CreatedAt).ThenBy(r => r.Mapping.Id).Select(r => (r.Mapping, (string?)r.Slug)).ToList();
    }

    public async Task AddAsync(RoleMapping mapping, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.RoleMappings.Add(mapping);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RoleMappings.Where(m => m.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public async Task<(UnmappedUsersSetting Setting, string? OrganizationSlug)?> FindUnmappedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (
            from s in db.UnmappedUsersSettings.AsNoTracking()
            join o in db.Organizations on s.OrganizationId equals o.Id into owners
            from o in owners.DefaultIfEmpty()
            select new { Setting = s, Slug = o == null ? null : (string?)o.Slug }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Setting, row.Slug);
    }

    public async Task SaveUnmappedAsync(UnmappedUsersSetting setting, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.UnmappedUsersSettings.FindAsync([setting.Id], cancellationToken);
        if (existing is null)
        {
            db.UnmappedUsersSettings.Add(setting);
        }
        else
        {
            db.Entry(existing).CurrentValues.SetValues(setting);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> ClearUnmappedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.UnmappedUsersSettings.ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
