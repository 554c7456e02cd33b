namespace WindFlow.Core.Accounts;

/// <summary>
/// Reads accounts by id on hot paths (every refresh, every <c>/auth/me</c>), so implementations
/// should be cheap: a single indexed read, no account-manager machinery.
/// </summary>
public interface IAccountLookup
{
    /// <summary>Finds an active account by id, or null when it no longer exists or is locked out.</summary>
    Task<AccountIdentity?> FindActiveAsync(string userId, CancellationToken cancellationToken);
}
