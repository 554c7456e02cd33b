namespace WindFlow.Core.Accounts;

/// <summary>Checks a password against the account store, counting failures towards lockout.</summary>
public interface ICredentialVerifier
{
    /// <summary>Checks <paramref name="password"/> for <paramref name="userName"/>; a failure counts towards lockout.</summary>
    Task<CredentialCheck> VerifyAsync(string userName, string password, CancellationToken cancellationToken);

    /// <summary>Finds an active account by id, or null when it no longer exists or is locked out.</summary>
    Task<AccountIdentity?> FindActiveAsync(string userId, CancellationToken cancellationToken);
}
