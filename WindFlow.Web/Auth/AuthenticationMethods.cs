using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Web.Components.Pages.Administration;

namespace WindFlow.Web.Auth;

/// <summary>The front doors as the settings page lists them; one place so the page and its test agree.</summary>
internal static class AuthenticationMethods
{
    public static IReadOnlyList<AuthenticationSettingsPage.MethodRow> Describe(KeycloakOptions keycloak) =>
    [
        new("Local user name and password", true, keycloak.Enabled && keycloak.HideLocalLogin
            ? "Hidden on the login page (still at /login?local=1)" : "Shown on the login page"),
        new("Keycloak single sign-on", keycloak.Enabled, keycloak.Enabled
            ? $"Realm {keycloak.Authority}, client '{keycloak.ClientId}', secret {(string.IsNullOrEmpty(keycloak.ClientSecret) ? "not set" : "••••")}, " +
              (keycloak.ProvisionUsers ? "accounts created on first sign-in" : "accounts must exist and be linked")
            : "Set Keycloak__Enabled=true (README: Keycloak single sign-on)"),
        new("WindFlow API tokens (POST /api/v1/auth/token)", true, "Short-lived JWTs with refresh tokens"),
        new("Keycloak access tokens on the API", keycloak.Enabled, keycloak.Enabled
            ? $"Bearer JWTs from the realm with audience '{keycloak.ClientId}', mapped like a sign-in" : "Needs Keycloak"),
        new("API keys", false, "Arrives with the API key work of issue #5"),
    ];
}
