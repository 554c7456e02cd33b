using Microsoft.Extensions.Options;

namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>What happens to a Keycloak user whose claims match no role mapping.</summary>
public enum UnmappedUserPolicy
{
    /// <summary>They get <see cref="KeycloakOptions.DefaultRole"/> in <see cref="KeycloakOptions.DefaultOrganization"/>.</summary>
    Default,

    /// <summary>Sign-in is refused with a page that says why.</summary>
    Refuse,
}

/// <summary>Keycloak single sign-on and bearer tokens (section <c>Keycloak</c>).</summary>
public sealed class KeycloakOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Keycloak";

    /// <summary>Turns the "Sign in with Keycloak" button and Keycloak bearer tokens on.</summary>
    public bool Enabled { get; set; }

    /// <summary>Base address of Keycloak as WindFlow reaches it, e.g. <c>https://sso.example.com</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>Realm name; discovery is read from <c>{Url}/realms/{Realm}/.well-known/openid-configuration</c>.</summary>
    public string Realm { get; set; } = "windflow";

    /// <summary>The confidential client of the web app; also the audience API tokens must carry.</summary>
    public string ClientId { get; set; } = "windflow";

    /// <summary>The client's secret (from the environment or a secret store, never appsettings.json).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for; <c>roles</c> is Keycloak's client scope carrying realm and client roles.</summary>
    public string Scope { get; set; } = "openid profile email roles";

    /// <summary>Label of the sign-in button.</summary>
    public string DisplayName { get; set; } = "Keycloak";

    /// <summary>Creates a WindFlow account on a user's first sign-in; when off, an administrator links accounts first.</summary>
    public bool ProvisionUsers { get; set; } = true;

    /// <summary>Hides the user name and password form (still reachable at <c>/login?local=1</c> for the bootstrap admin).</summary>
    public bool HideLocalLogin { get; set; }

    /// <summary>When false, plain HTTP to Keycloak is allowed, and only to a loopback address or a container name.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Rules turning Keycloak groups and roles into organisation roles or super admin; first match per organisation wins the highest role.</summary>
    public List<RoleMappingRule> RoleMappings { get; set; } = [];

    /// <summary>What users that no rule matches get.</summary>
    public UnmappedUserPolicy UnmappedUsers { get; set; } = UnmappedUserPolicy.Default;

    /// <summary>Organisation slug of the default grant.</summary>
    public string DefaultOrganization { get; set; } = "default";

    /// <summary>Role of the default grant.</summary>
    public OrganizationRoleGrant DefaultRole { get; set; } = OrganizationRoleGrant.Viewer;

    /// <summary>The configured unmapped-users rule; a rule chosen on the settings page replaces it.</summary>
    public UnmappedUsersRule UnmappedRule => new(UnmappedUsers, DefaultOrganization, DefaultRole);

    /// <summary>The realm's issuer, which is also the discovery base.</summary>
    public string Authority => $"{Url.TrimEnd('/')}/realms/{Realm}";

    /// <summary>Describes the first invalid setting, or returns null when all are valid.</summary>
    public string? Validate()
    {
        if (!Enabled)
        {
            return null;
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return "Keycloak:Url must be an absolute http(s) address, e.g. https://sso.example.com.";
        }

        // Plain HTTP only where no one else is on the wire: loopback, or a single-label container
        // name such as http://keycloak:8080 on the compose network.
        if (url.Scheme == Uri.UriSchemeHttp && (RequireHttpsMetadata || !(url.IsLoopback || !url.Host.Contains('.', StringComparison.Ordinal))))
        {
            return "Keycloak:Url must use https (set Keycloak:RequireHttpsMetadata=false only for a loopback address such as http://127.0.0.1:8080 or a container name such as http://keycloak:8080).";
        }

        if (string.IsNullOrWhiteSpace(Realm) || string.IsNullOrWhiteSpace(ClientId))
        {
            return "Keycloak:Realm and Keycloak:ClientId are required.";
        }

        if (string.IsNullOrEmpty(ClientSecret))
        {
            return "Keycloak:ClientSecret is required (the web app is a confidential client).";
        }

        for (var i = 0; i < RoleMappings.Count; i++)
        {
            if (RoleMappings[i].Validate() is { } problem)
            {
                return $"Keycloak:RoleMappings:{i}: {problem}";
            }
        }

        if (UnmappedUsers == UnmappedUserPolicy.Default && string.IsNullOrWhiteSpace(DefaultOrganization))
        {
            return "Keycloak:DefaultOrganization is required unless Keycloak:UnmappedUsers is Refuse.";
        }

        return DefaultRole == OrganizationRoleGrant.SuperAdmin ? "Keycloak:DefaultRole cannot be SuperAdmin." : null;
    }
}

/// <summary>Fails start-up with the message of <see cref="KeycloakOptions.Validate"/>.</summary>
public sealed class KeycloakOptionsValidator : IValidateOptions<KeycloakOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KeycloakOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
