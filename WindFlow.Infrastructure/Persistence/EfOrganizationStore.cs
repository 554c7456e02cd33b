using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Organizations;

namespace WindFlow.Infrastructure.Persistence;

internal sealed class EfOrganizationStore(IDbContextFactory<WindFlowDbContext> contexts) : IOrganizationStore
{
    private sealed record AccessRow(string Id, bool IsSuperAdmin, bool IsDeactivated);

    public async Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Organizations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);
    }

    public async Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
    }

    public async Task<Organization?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == slug, cancellationToken);
    }

    public async Task<bool> AddAsync(Organization organization, IReadOnlyList<OrganizationEnvironment> environments, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Organizations.Add(organization);
        db.Environments.AddRange(environments);
        return await TrySaveAsync(db, () => SlugTakenAsync(organization.Slug, organization.Id, cancellationToken), cancellationToken);
    }

    public async Task<bool> UpdateAsync(Organization organization, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Organizations.Update(organization);
        return await TrySaveAsync(db, () => SlugTakenAsync(organization.Slug, organization.Id, cancellationToken), cancellationToken);
    }

    public async Task<bool> HasResourcesAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Targets.AnyAsync(t => t.OrganizationId == organizationId, cancellationToken)
            || await db.Stacks.AnyAsync(s => s.OrganizationId == organizationId, cancellationToken)
            || await db.Deployments.AnyAsync(d => d.OrganizationId == organizationId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Environments and memberships go with it (cascade).
        return await db.Organizations.Where(o => o.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<OrganizationEnvironment>> ListEnvironmentsAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var environments = await db.Environments.AsNoTracking().Where(e => e.OrganizationId == organizationId).ToListAsync(cancellationToken);
        // Standard kinds first, in their natural order, then custom ones by name.
        return environments.OrderBy(e => e.Kind).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<OrganizationEnvironment?> FindEnvironmentAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Environments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    public async Task<bool> AddEnvironmentAsync(OrganizationEnvironment environment, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Environments.Add(environment);
        return await TrySaveAsync(
            db,
            async () =>
            {
                await using var check = await contexts.CreateDbContextAsync(cancellationToken);
                return await check.Environments.AnyAsync(e => e.OrganizationId == environment.OrganizationId && e.Name == environment.Name, cancellationToken);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<MemberView>> ListMembersAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from m in db.Memberships.AsNoTracking()
                          join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                          where m.OrganizationId == organizationId
                          select new { m.UserId, u.UserName, u.Email, m.Role })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new MemberView(r.UserId, r.UserName!, r.Email, r.Role)).OrderBy(m => m.UserName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<bool> EnvironmentHasTargetsAsync(Guid environmentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Targets.AnyAsync(t => t.EnvironmentId == environmentId, cancellationToken);
    }

    public async Task<bool> DeleteEnvironmentAsync(Guid environmentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Environments.Where(e => e.Id == environmentId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<Membership>> ListMembershipsOfUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).ToListAsync(cancellationToken);
    }

    public async Task<UserAccess?> GetAccessAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Not a compiled query: one process may hold a SQLite and a PostgreSQL model (migrate-db),
        // and a compiled query is bound to the first model it ran against.
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new AccessRow(u.Id, u.IsSuperAdmin, u.IsDeactivated)).FirstOrDefaultAsync(cancellationToken);
        if (user is null || user.IsDeactivated)
        {
            return null;
        }

        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).ToDictionaryAsync(m => m.OrganizationId, m => m.Role, cancellationToken);
        return new UserAccess(user.Id, user.IsSuperAdmin, memberships, now);
    }

    public async Task SetMembershipAsync(Membership membership, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == membership.UserId && m.OrganizationId == membership.OrganizationId, cancellationToken);
        if (existing is null)
        {
            db.Memberships.Add(membership);
        }
        else
        {
            existing.Role = membership.Role;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> RemoveMembershipAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Memberships.Where(m => m.UserId == userId && m.OrganizationId == organizationId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public async Task ReplaceMembershipsAsync(string userId, IReadOnlyList<Membership> memberships, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One transaction: a sign-in never sees the user with no memberships half-way.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Memberships.Where(m => m.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.Memberships.AddRange(memberships);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<bool> SlugTakenAsync(string slug, Guid exceptId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Organizations.AnyAsync(o => o.Slug == slug && o.Id != exceptId, cancellationToken);
    }

    private static async Task<bool> TrySaveAsync(WindFlowDbContext db, Func<Task<bool>> takenAsync, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique index caught a name in use (maybe a concurrent save); the caller reports a conflict.
            if (await takenAsync())
            {
                return false;
            }

            throw;
        }
    }
}
