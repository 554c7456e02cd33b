using WindFlow.Core.Accounts;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// Keeps refresh tokens in a list. Like the EF store it hands out copies, so a caller cannot
/// change stored state except through the interface.
/// </summary>
public sealed class InMemoryRefreshTokenStore : IRefreshTokenStore
{
    private readonly List<RefreshToken> _tokens = [];

    public IReadOnlyList<RefreshToken> Tokens => _tokens.Select(Copy).ToList();

    public Task AddAsync(RefreshToken token, CancellationToken cancellationToken)
    {
        if (_tokens.Any(t => t.Id == token.Id || t.TokenHash == token.TokenHash))
        {
            throw new InvalidOperationException("Duplicate refresh token id or hash.");
        }

        _tokens.Add(Copy(token));
        return Task.CompletedTask;
    }

    public Task<RefreshToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var token = _tokens.SingleOrDefault(t => t.TokenHash == tokenHash);
        return Task.FromResult(token is null ? null : Copy(token));
    }

    public Task<bool> TryRevokeAsync(Guid tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = _tokens.SingleOrDefault(t => t.Id == tokenId && t.RevokedAt is null);
        if (token is null)
        {
            return Task.FromResult(false);
        }

        token.RevokedAt = now;
        return Task.FromResult(true);
    }

    public Task RevokeAllForUserAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var token in _tokens.Where(t => t.UserId == userId && t.RevokedAt is null))
        {
            token.RevokedAt = now;
        }

        return Task.CompletedTask;
    }

    public Task RevokeFamilyAsync(Guid familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var token in _tokens.Where(t => t.FamilyId == familyId && t.RevokedAt is null))
        {
            token.RevokedAt = now;
        }

        return Task.CompletedTask;
    }

    private static RefreshToken Copy(RefreshToken token) => new()
    {
        Id = token.Id,
        UserId = token.UserId,
        TokenHash = token.TokenHash,
        FamilyId = token.FamilyId,
        CreatedAt = token.CreatedAt,
        ExpiresAt = token.ExpiresAt,
        RevokedAt = token.RevokedAt,
    };
}
