using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WindFlow.Core.Accounts;

/// <summary>
/// Issues, refreshes and revokes API token pairs. Refresh tokens rotate on every use; presenting an
/// already-rotated token is treated as theft and revokes its whole family.
/// </summary>
public sealed partial class AuthTokenService(
    ICredentialVerifier credentials,
    IAccountLookup accounts,
    IAccessTokenIssuer accessTokens,
    IRefreshTokenStore refreshTokens,
    IOptions<AuthTokenOptions> options,
    TimeProvider clock,
    ILogger<AuthTokenService> logger)
{
    private readonly AuthTokenOptions _options = options.Value;

    /// <summary>Exchanges a user name and password for a token pair.</summary>
    public async Task<TokenResult> IssueAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var check = await credentials.VerifyAsync(userName, password, cancellationToken);
        return check.Status switch
        {
            CredentialCheckStatus.Succeeded => TokenResult.Ok(await CreatePairAsync(check.Account!, Guid.NewGuid(), cancellationToken)),
            CredentialCheckStatus.LockedOut => TokenResult.Fail(TokenFailure.LockedOut, check.LockedUntil),
            _ => TokenResult.Fail(TokenFailure.InvalidCredentials),
        };
    }

    /// <summary>Exchanges a refresh token for a new pair and retires the old token.</summary>
    public async Task<TokenResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = await refreshTokens.FindByHashAsync(SecureTokens.Hash(refreshToken), cancellationToken);
        if (stored is null)
        {
            return TokenResult.Fail(TokenFailure.InvalidRefreshToken);
        }

        if (stored.RevokedAt is not null)
        {
            LogRefreshTokenReplayed(logger, stored.UserId, stored.FamilyId);
            await refreshTokens.RevokeFamilyAsync(stored.FamilyId, now, cancellationToken);
            return TokenResult.Fail(TokenFailure.InvalidRefreshToken);
        }

        if (!stored.IsActive(now) || !await refreshTokens.TryRevokeAsync(stored.Id, now, cancellationToken))
        {
            return TokenResult.Fail(TokenFailure.InvalidRefreshToken);
        }

        var account = await accounts.FindActiveAsync(stored.UserId, cancellationToken);
        if (account is null)
        {
            return TokenResult.Fail(TokenFailure.InvalidRefreshToken);
        }

        return TokenResult.Ok(await CreatePairAsync(account, stored.FamilyId, cancellationToken));
    }

    /// <summary>Revokes the refresh token and every token rotated from the same sign-in.</summary>
    public async Task<bool> RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var stored = await refreshTokens.FindByHashAsync(SecureTokens.Hash(refreshToken), cancellationToken);
        if (stored is null)
        {
            return false;
        }

        await refreshTokens.RevokeFamilyAsync(stored.FamilyId, clock.GetUtcNow(), cancellationToken);
        return true;
    }

    private async Task<TokenPair> CreatePairAsync(AccountIdentity account, Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var refresh = SecureTokens.Create();
        await refreshTokens.AddAsync(
            new RefreshToken
            {
                Id = Guid.NewGuid(),
                UserId = account.Id,
                TokenHash = SecureTokens.Hash(refresh),
                FamilyId = familyId,
                CreatedAt = now,
                ExpiresAt = now + _options.RefreshTokenLifetime,
            },
            cancellationToken);
        var access = accessTokens.Issue(account, _options.AccessTokenLifetime);
        return new TokenPair(access, refresh, (int)_options.AccessTokenLifetime.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A rotated refresh token of user {UserId} was presented again; token family {FamilyId} revoked")]
    private static partial void LogRefreshTokenReplayed(ILogger logger, string userId, Guid familyId);
}
