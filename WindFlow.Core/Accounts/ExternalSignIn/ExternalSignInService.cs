using Microsoft.Extensions.Options;

namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>Why an external sign-in was refused; each has its own message on the login page.</summary>
public enum ExternalSignInFailure
{
    /// <summary>No role mapping matched and unmapped users are refused.</summary>
    NoRoleMapping,

    /// <summary>No linked account and provisioning is off.</summary>
    NotProvisioned,

    /// <summary>The linked account is deactivated or locked.</summary>
    AccountDisabled,
}

/// <summary>Result of <see cref="ExternalSignInService.SignInAsync"/>: a user id, or why not.</summary>
public sealed record ExternalSignInResult(string? UserId, ExternalGrants Grants, ExternalSignInFailure? Failure)
{
    /// <summary>Whether the user may be signed in.</summary>
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Lets a user the identity provider vouched for in: map their roles, refuse or find (or create)
/// their account, and apply the grants. Runs at every browser sign-in and for every bearer token,
/// so a group removed in Keycloak takes effect at the next sign-in.
/// </summary>
public sealed class ExternalSignInService(IExternalAccounts accounts, IExternalGrantSink grants, RoleMappingCatalog mappings, IOptions<KeycloakOptions> options)
{
    /// <summary>Maps, links and applies; the caller signs the returned user in.</summary>
    public async Task<ExternalSignInResult> SignInAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var (rules, unmapped) = await mappings.MappingAsync(cancellationToken);
        var mapped = ExternalRoleMapper.Map(identity, rules, unmapped);
        if (mapped.Refused)
        {
            return new ExternalSignInResult(null, mapped, ExternalSignInFailure.NoRoleMapping);
        }

        var account = await accounts.FindOrProvisionAsync(identity, options.Value.ProvisionUsers, cancellationToken);
        switch (account.Status)
        {
            case ExternalAccountStatus.NotLinked:
                return new ExternalSignInResult(null, mapped, ExternalSignInFailure.NotProvisioned);
            case ExternalAccountStatus.Disabled:
                return new ExternalSignInResult(null, mapped, ExternalSignInFailure.AccountDisabled);
        }

        await grants.ApplyAsync(account.UserId!, mapped, cancellationToken);
        return new ExternalSignInResult(account.UserId, mapped, null);
    }
}
