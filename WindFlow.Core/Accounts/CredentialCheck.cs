namespace WindFlow.Core.Accounts;

/// <summary>Outcome of checking a user name and password.</summary>
public enum CredentialCheckStatus
{
    /// <summary>The password is right and the account may sign in.</summary>
    Succeeded,

    /// <summary>Unknown user or wrong password; callers must not say which.</summary>
    InvalidCredentials,

    /// <summary>Too many failed attempts; the account is locked until <see cref="CredentialCheck.LockedUntil"/>.</summary>
    LockedOut,
}

/// <summary>Result of <see cref="ICredentialVerifier.VerifyAsync"/>.</summary>
public sealed record CredentialCheck(CredentialCheckStatus Status, AccountIdentity? Account = null, DateTimeOffset? LockedUntil = null)
{
    /// <summary>A failed check that reveals nothing about which part was wrong.</summary>
    public static CredentialCheck Invalid { get; } = new(CredentialCheckStatus.InvalidCredentials);
}
