namespace WindFlow.Core.ApiKeys;

/// <summary>Where API keys (hashed) are kept.</summary>
public interface IApiKeyStore
{
    /// <summary>Adds a key.</summary>
    Task AddAsync(ApiKey key, CancellationToken cancellationToken);

    /// <summary>The keys of one account, newest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListForUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The key with this hash, or null.</summary>
    Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Revokes the account's key if it is not revoked yet; false when there is no such active key.</summary>
    Task<bool> TryRevokeAsync(Guid id, string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Sets the last-used time.</summary>
    Task TouchAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken);
}
