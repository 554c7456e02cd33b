namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>Outcome of looking up the WindFlow account linked to an external subject.</summary>
public enum ExternalAccountStatus
{
    /// <summary>The account exists (found by its link, or just provisioned).</summary>
    Found,

    /// <summary>No linked account and provisioning is off.</summary>
    NotLinked,

    /// <summary>The linked account is deactivated or locked out.</summary>
    Disabled,
}

/// <summary>Result of <see cref="IExternalAccounts.FindOrProvisionAsync"/>.</summary>
public sealed record ExternalAccountResult(ExternalAccountStatus Status, string? UserId);

/// <summary>The accounts linked to identity-provider subjects (ASP.NET Identity's external logins in Infrastructure).</summary>
public interface IExternalAccounts
{
    /// <summary>Finds the account linked to the identity's subject, creating and linking one when <paramref name="provision"/> allows.</summary>
    Task<ExternalAccountResult> FindOrProvisionAsync(ExternalIdentity identity, bool provision, CancellationToken cancellationToken);
}

/// <summary>
/// Where the grants computed at every Keycloak sign-in go. The organisations feature backs this with
/// memberships; until then the grants are kept with the account (see Infrastructure).
/// </summary>
public interface IExternalGrantSink
{
    /// <summary>Replaces what the identity provider granted this user last time with <paramref name="grants"/>.</summary>
    Task ApplyAsync(string userId, ExternalGrants grants, CancellationToken cancellationToken);
}
