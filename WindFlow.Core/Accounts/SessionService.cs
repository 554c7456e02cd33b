namespace WindFlow.Core.Accounts;

/// <summary>Ends an account's sessions: its API refresh tokens and, for "sign out everywhere", its browser sessions.</summary>
public sealed class SessionService(IRefreshTokenStore refreshTokens, ISignInInvalidator browserSessions, TimeProvider clock)
{
    /// <summary>
    /// Signs the account out on every device: all refresh tokens are revoked at once and every
    /// browser session ends within a minute. Used after a lost laptop or a leaked password.
    /// </summary>
    public async Task SignOutEverywhereAsync(string userId, CancellationToken cancellationToken)
    {
        await refreshTokens.RevokeAllForUserAsync(userId, clock.GetUtcNow(), cancellationToken);
        await browserSessions.InvalidateBrowserSessionsAsync(userId, cancellationToken);
    }

    /// <summary>Revokes the API refresh tokens only (after a password change the current browser session stays).</summary>
    public Task RevokeApiSessionsAsync(string userId, CancellationToken cancellationToken) =>
        refreshTokens.RevokeAllForUserAsync(userId, clock.GetUtcNow(), cancellationToken);
}
