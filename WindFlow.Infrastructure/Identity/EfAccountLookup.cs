using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Accounts;
using WindFlow.Infrastructure.Persistence;

namespace WindFlow.Infrastructure.Identity;

/// <summary>
/// One compiled, untracked read by primary key from a pooled context: this runs on every
/// <c>/auth/me</c> and refresh, where building a UserManager per request cost more than the query.
/// </summary>
internal sealed class EfAccountLookup(IDbContextFactory<WindFlowDbContext> contexts, TimeProvider clock) : IAccountLookup
{
    private sealed record Row(string Id, string? UserName, string? Email, bool IsSuperAdmin, bool IsDeactivated, bool LockoutEnabled, DateTimeOffset? LockoutEnd);

    private static readonly Func<WindFlowDbContext, string, CancellationToken, Task<Row?>> ById =
        EF.CompileAsyncQuery((WindFlowDbContext db, string id, CancellationToken _) =>
            db.Users.AsNoTracking()
                .Where(u => u.Id == id)
                .Select(u => new Row(u.Id, u.UserName, u.Email, u.IsSuperAdmin, u.IsDeactivated, u.LockoutEnabled, u.LockoutEnd))
                .FirstOrDefault());

    public async Task<AccountIdentity?> FindActiveAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await ById(db, userId, cancellationToken);
        // Same rule as Identity's UserManager.IsLockedOutAsync.
        var lockedOut = row is { LockoutEnabled: true, LockoutEnd: { } end } && end > clock.GetUtcNow();
        return row is null || row.IsDeactivated || lockedOut ? null : new AccountIdentity(row.Id, row.UserName!, row.Email, row.IsSuperAdmin);
    }
}
