namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>A user as a validated Keycloak token describes them: who they are and what the realm says they hold.</summary>
/// <param name="Provider">Login provider name, e.g. <c>Keycloak</c>.</param>
/// <param name="Subject">The token's <c>sub</c>: the stable link to a WindFlow account.</param>
/// <param name="UserName"><c>preferred_username</c>, used for a provisioned account.</param>
/// <param name="Email">E-mail when the token carries one.</param>
/// <param name="Groups">Full group paths (<c>groups</c>).</param>
/// <param name="RealmRoles"><c>realm_access.roles</c>.</param>
/// <param name="ClientRoles"><c>resource_access.{clientId}.roles</c> of WindFlow's client.</param>
public sealed record ExternalIdentity(
    string Provider,
    string Subject,
    string? UserName,
    string? Email,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> RealmRoles,
    IReadOnlyList<string> ClientRoles);

/// <summary>One organisation role granted by the identity provider.</summary>
public sealed record OrganizationGrant(string OrganizationSlug, OrganizationRoleGrant Role)
{
    /// <summary>Claim type carrying one grant as <c>slug:Role</c> (cookie and bearer principals).</summary>
    public const string ClaimType = "windflow:grant";

    /// <summary>The claim value, e.g. <c>acme:Operator</c>.</summary>
    public string ClaimValue => $"{OrganizationSlug}:{Role}";
}

/// <summary>What the role mapping gives a user.</summary>
/// <param name="IsSuperAdmin">Whether a rule granted super admin.</param>
/// <param name="Grants">One grant per organisation: the highest role any rule gave.</param>
/// <param name="Matched">Whether any rule matched (false: the default grant or a refusal).</param>
/// <param name="Refused">Whether the user must not be let in.</param>
public sealed record ExternalGrants(bool IsSuperAdmin, IReadOnlyList<OrganizationGrant> Grants, bool Matched, bool Refused);
