using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Web.Auth.Keycloak;

/// <summary>
/// The realm's discovery document and signing keys, cached and refreshed by IdentityModel's
/// ConfigurationManager; one instance serves the sign-in handler, the ID token validator and the
/// bearer scheme, so a key rotation is noticed once for all three.
/// </summary>
internal sealed class KeycloakMetadata
{
    public KeycloakMetadata(IOptions<KeycloakOptions> options, IHttpClientFactory httpClients)
        : this(new ConfigurationManager<OpenIdConnectConfiguration>(
            options.Value.Authority + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName)) { RequireHttps = options.Value.RequireHttpsMetadata })
        {
            // A token signed with an unknown kid triggers RequestRefresh; this caps how often.
            RefreshInterval = TimeSpan.FromSeconds(30),
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
        })
    {
    }

    public KeycloakMetadata(IConfigurationManager<OpenIdConnectConfiguration> manager) => Manager = manager;

    public const string HttpClientName = "keycloak";

    public IConfigurationManager<OpenIdConnectConfiguration> Manager { get; }

    public Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken) => Manager.GetConfigurationAsync(cancellationToken);

    /// <summary>Asks for a fresh download on the next <see cref="GetAsync"/> (after an unknown signing key).</summary>
    public void RequestRefresh() => Manager.RequestRefresh();
}
