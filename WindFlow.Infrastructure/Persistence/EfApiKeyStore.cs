using Microsoft.EntityFrameworkCore;
using WindFlow.Core.ApiKeys;

namespace WindFlow.Infrastructure.Persistence;

internal sealed class EfApiKeyStore(IDbContextFactory<WindFlowDbContext> contexts) : IApiKeyStore
{
    public async Task AddAsync(ApiKey key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListForUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId).ToListAsync(cancellationToken);
        // SQLite cannot ORDER BY a DateTimeOffset column; one user's keys are few.
        return keys.OrderByDescending(k => k.CreatedAt).ToList();
    }

    public async Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == keyHash, cancellationToken);
    }

    public async Task<bool> TryRevokeAsync(Guid id, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.ApiKeys
            .Where(k => k.Id == id && k.UserId == userId && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        return updated == 1;
    }

    public async Task TouchAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
    }
}
