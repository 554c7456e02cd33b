namespace WindFlow.Core.Accounts;

/// <summary>Checks a password against the account store, counting failures towards lockout.</summary>
public interface ICredentialVerifier
{
    /// <summary>Checks <paramref name="password"/> for <paramref name="userName"/>; a failure counts towards lockout.</summary>
    Task<CredentialCheck> VerifyAsync(string userName, string password, CancellationToken cancellationToken);
}
