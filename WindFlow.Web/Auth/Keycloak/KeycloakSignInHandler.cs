using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using WindFlow.Core.Accounts;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Infrastructure.Identity;

namespace WindFlow.Web.Auth.Keycloak;

/// <summary>
/// OpenID Connect sign-in on top of the shared framework's OAuth handler (the OpenIdConnect
/// handler package is not obtainable here): the base class does state, correlation cookie and
/// PKCE; this adds discovery, the nonce, ID token validation, role mapping and account linking,
/// and signs the user into the Identity cookie directly.
/// </summary>
internal sealed class KeycloakSignInHandler(
    IOptionsMonitor<OAuthOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KeycloakMetadata metadata,
    KeycloakTokenValidator validator,
    ExternalSignInService externalSignIn,
    SignInManager<WindFlowUser> signInManager,
    IOptions<KeycloakOptions> keycloak)
    : OAuthHandler<OAuthOptions>(options, logger, encoder)
{
    public const string SchemeName = "Keycloak";
    public const string FailureItem = "windflow:sso-failure";
    private const string NonceItem = "windflow:nonce";

    private OpenIdConnectConfiguration? _configuration;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // BuildChallengeUrl is synchronous; discovery is not.
        _configuration = await metadata.GetAsync(Context.RequestAborted);
        await base.HandleChallengeAsync(properties);
    }

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        // The nonce travels inside the protected state, so only this browser's callback knows it.
        var nonce = WebEncoders.Base64UrlEncode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        properties.Items[NonceItem] = nonce;
        var url = base.BuildChallengeUrl(properties, redirectUri);
        url = url.Replace(Options.AuthorizationEndpoint, _configuration!.AuthorizationEndpoint, StringComparison.Ordinal);
        return QueryHelpers.AddQueryString(url, "nonce", nonce);
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var configuration = await metadata.GetAsync(Context.RequestAborted);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = context.Code,
            ["redirect_uri"] = context.RedirectUri,
            ["client_id"] = Options.ClientId,
            ["client_secret"] = Options.ClientSecret,
        };
        if (context.Properties.Items.TryGetValue(OAuthConstants.CodeVerifierKey, out var verifier) && verifier is not null)
        {
            form[OAuthConstants.CodeVerifierKey] = verifier;
            context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(Context.RequestAborted);
        return response.IsSuccessStatusCode
            ? OAuthTokenResponse.Success(JsonDocument.Parse(body))
            : OAuthTokenResponse.Failed(new AuthenticationFailureException($"The token endpoint answered {(int)response.StatusCode}."));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var idToken = tokens.Response?.RootElement.TryGetProperty("id_token", out var value) == true ? value.GetString() : null;
        if (idToken is null || !properties.Items.TryGetValue(NonceItem, out var nonce) || nonce is null)
        {
            throw new AuthenticationFailureException("The token response has no ID token.");
        }

        var validated = await validator.ValidateIdTokenAsync(idToken, nonce, Context.RequestAborted);
        var external = KeycloakClaims.ToExternalIdentity(validated, keycloak.Value.ClientId);
        var result = await externalSignIn.SignInAsync(external, Context.RequestAborted);
        if (!result.Succeeded)
        {
            throw new ExternalSignInRefusedException(result.Failure!.Value);
        }

        var user = await signInManager.UserManager.FindByIdAsync(result.UserId!)
            ?? throw new AuthenticationFailureException("The account vanished during sign-in.");
        var principal = await signInManager.CreateUserPrincipalAsync(user);
        properties.Items.Remove(NonceItem);
        // Only the ID token is kept in the cookie: sign-out sends it to end_session_endpoint as id_token_hint.
        properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        return new AuthenticationTicket(principal, properties, Scheme.Name);
    }
}

/// <summary>A user the identity provider vouched for but WindFlow does not let in.</summary>
internal sealed class ExternalSignInRefusedException(ExternalSignInFailure failure)
    : Exception($"Sign-in refused: {failure}.")
{
    public ExternalSignInFailure Failure { get; } = failure;
}
