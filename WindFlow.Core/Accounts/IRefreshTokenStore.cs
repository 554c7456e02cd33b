namespace WindFlow.Core.Accounts;

/// <summary>Persistence for refresh tokens.</summary>
public interface IRefreshTokenStore
{
    /// <summary>Saves a newly issued token.</summary>
    Task AddAsync(RefreshToken token, CancellationToken cancellationToken);

    /// <summary>Finds a token by the hash of its value.</summary>
    Task<RefreshToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>
    /// Marks <paramref name="tokenId"/> revoked only if it is still active, and returns whether this
    /// call did it: two concurrent refreshes with the same token cannot both succeed.
    /// </summary>
    Task<bool> TryRevokeAsync(Guid tokenId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every still-active token of a user, across all sign-ins.</summary>
    Task RevokeAllForUserAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every still-active token of a family.</summary>
    Task RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken cancellationToken);
}
