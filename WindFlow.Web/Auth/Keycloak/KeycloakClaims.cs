using System.Security.Claims;
using System.Text.Json;
using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Web.Auth.Keycloak;

/// <summary>Reads the Keycloak-shaped claims of a validated token into an <see cref="ExternalIdentity"/>.</summary>
internal static class KeycloakClaims
{
    public const string Provider = "Keycloak";

    public static ExternalIdentity ToExternalIdentity(ClaimsIdentity identity, string clientId)
    {
        var subject = identity.FindFirst("sub")?.Value
            ?? throw new InvalidOperationException("The token has no subject (sub).");
        // IdentityModel turns a JSON array into one claim per element and a JSON object into one
        // claim holding its JSON text.
        var groups = identity.FindAll("groups").Select(c => c.Value).ToList();
        var realmRoles = Roles(identity.FindFirst("realm_access")?.Value, null);
        var clientRoles = Roles(identity.FindFirst("resource_access")?.Value, clientId);
        return new ExternalIdentity(Provider, subject, identity.FindFirst("preferred_username")?.Value,
            identity.FindFirst("email")?.Value, groups, realmRoles, clientRoles);
    }

    private static List<string> Roles(string? json, string? client)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;
        if (client is not null && (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(client, out element)))
        {
            return [];
        }

        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            ? roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList()
            : [];
    }
}
