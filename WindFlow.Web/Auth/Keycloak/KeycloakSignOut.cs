using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Web.Auth.Keycloak;

/// <summary>RP-initiated logout: where to send the browser so Keycloak ends its session too.</summary>
internal sealed class KeycloakSignOut(KeycloakMetadata metadata, IOptions<KeycloakOptions> options, ILogger<KeycloakSignOut> logger)
{
    /// <summary>The end_session_endpoint URL, or null for a local session (or when Keycloak is unreachable: the local sign-out still happened).</summary>
    public async Task<string?> EndSessionUrlAsync(string? idToken, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || string.IsNullOrEmpty(idToken))
        {
            return null;
        }

        try
        {
            var configuration = await metadata.GetAsync(cancellationToken);
            if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
            {
                return null;
            }

            return QueryHelpers.AddQueryString(configuration.EndSessionEndpoint, new Dictionary<string, string?>
            {
                ["id_token_hint"] = idToken,
                ["client_id"] = options.Value.ClientId,
                ["post_logout_redirect_uri"] = $"{request.Scheme}://{request.Host}{request.PathBase}/login?loggedOut=1",
            });
        }
        catch (InvalidOperationException ex)
        {
            logger.LogWarning(ex, "Keycloak discovery failed at sign-out; the Keycloak session stays open");
            return null;
        }
    }
}
