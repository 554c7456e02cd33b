using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WindFlow.Core.Accounts;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Infrastructure.Identity;
using WindFlow.Web.Api;

namespace WindFlow.Web.Auth.Keycloak;

/// <summary>
/// Keycloak's two doors: browser sign-in (<see cref="KeycloakSignInHandler"/>) and access tokens
/// on the API (a second JwtBearer scheme). Both schemes are always registered so the wiring does
/// not depend on configuration at registration time; with Keycloak disabled nothing routes to them.
/// </summary>
internal static class KeycloakAuthentication
{
    public const string BearerScheme = "KeycloakBearer";
    public const string CallbackPath = "/signin-keycloak";

    public static AuthenticationBuilder AddKeycloak(this AuthenticationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpClient(KeycloakMetadata.HttpClientName);
        services.AddSingleton<KeycloakMetadata>();
        services.AddSingleton<NonceCache>();
        services.AddSingleton<KeycloakTokenValidator>();
        services.AddSingleton<KeycloakSignOut>();

        builder.AddOAuth<OAuthOptions, KeycloakSignInHandler>(KeycloakSignInHandler.SchemeName, "Keycloak", _ => { });
        services.AddOptions<OAuthOptions>(KeycloakSignInHandler.SchemeName).Configure<IOptions<KeycloakOptions>>((o, keycloak) =>
        {
            var k = keycloak.Value;
            // Placeholders keep OAuthOptions.Validate quiet when Keycloak is off; the real
            // endpoints come from discovery at each challenge and code exchange.
            o.ClientId = string.IsNullOrEmpty(k.ClientId) ? "disabled" : k.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(k.ClientSecret) ? "disabled" : k.ClientSecret;
            o.AuthorizationEndpoint = k.Authority + "/protocol/openid-connect/auth";
            o.TokenEndpoint = k.Authority + "/protocol/openid-connect/token";
            o.CallbackPath = CallbackPath;
            o.UsePkce = true;
            o.Scope.Clear();
            foreach (var scope in k.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                o.Scope.Add(scope);
            }

            o.SignInScheme = IdentityConstants.ApplicationScheme;
            // The callback is a top-level GET from another site: Lax cookies are sent with it, and
            // unlike SameSite=None they also work over plain HTTP on a developer's machine.
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnRemoteFailure = context =>
            {
                var code = context.Failure switch
                {
                    ExternalSignInRefusedException { Failure: ExternalSignInFailure.NoRoleMapping } => "no-role",
                    ExternalSignInRefusedException { Failure: ExternalSignInFailure.NotProvisioned } => "not-provisioned",
                    ExternalSignInRefusedException { Failure: ExternalSignInFailure.AccountDisabled } => "disabled",
                    _ => "failed",
                };
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeycloakAuthentication))
                    .LogWarning("Keycloak sign-in failed ({Code}): {Reason}", code, context.Failure?.Message);
                context.Response.Redirect("/login?ssoError=" + code);
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });

        builder.AddJwtBearer(BearerScheme, _ => { });
        services.AddOptions<JwtBearerOptions>(BearerScheme).Configure<KeycloakMetadata, IOptions<KeycloakOptions>>((o, metadata, keycloak) =>
        {
            o.MapInboundClaims = false;
            // Issuer and keys come from the shared discovery cache; an unknown kid refreshes it.
            o.ConfigurationManager = metadata.Manager;
            o.RefreshOnIssuerKeyNotFound = true;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidAudiences = [keycloak.Value.ClientId],
                AudienceValidator = (audiences, token, _) => IsForClient(audiences, token, keycloak.Value.ClientId),
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                    SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384],
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = MapBearerAsync,
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await ProblemResults.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                        context.AuthenticateFailure is null ? "Send a valid access token." : "The Keycloak access token is invalid, expired or not accepted.");
                },
            };
        });
        return builder;
    }

    /// <summary>
    /// The token is WindFlow's when <c>aud</c> names the client, or when Keycloak issued it to the
    /// client itself (<c>azp</c>): without an audience mapper Keycloak puts only <c>account</c> in
    /// <c>aud</c>. Signature, issuer and lifetime are still checked by the handler.
    /// </summary>
    internal static bool IsForClient(IEnumerable<string> audiences, SecurityToken token, string clientId) =>
        audiences.Contains(clientId, StringComparer.Ordinal)
        || (token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("azp", out var azp) && string.Equals(azp, clientId, StringComparison.Ordinal));

    /// <summary>
    /// For the policy scheme: a bearer JWT whose issuer is not WindFlow's own goes to Keycloak's
    /// scheme (which then checks the issuer strictly against discovery). Reading the unvalidated
    /// issuer only picks the door; it grants nothing.
    /// </summary>
    public static bool IsKeycloakBearer(HttpContext context, string token)
    {
        if (!context.RequestServices.GetRequiredService<IOptions<KeycloakOptions>>().Value.Enabled)
        {
            return false;
        }

        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            var issuer = new JsonWebToken(token).Issuer;
            return !string.Equals(issuer, context.RequestServices.GetRequiredService<IOptions<AuthTokenOptions>>().Value.Issuer, StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // The token proved who the caller is; the same mapping and account link as a browser
    // sign-in decide what they may do, so the API and the UI cannot disagree.
    private static async Task MapBearerAsync(TokenValidatedContext context)
    {
        var keycloak = context.HttpContext.RequestServices.GetRequiredService<IOptions<KeycloakOptions>>().Value;
        var external = KeycloakClaims.ToExternalIdentity((ClaimsIdentity)context.Principal!.Identity!, keycloak.ClientId);
        var result = await context.HttpContext.RequestServices.GetRequiredService<ExternalSignInService>()
            .SignInAsync(external, context.HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            context.Fail($"Keycloak user refused: {result.Failure}.");
            return;
        }

        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<WindFlowUser>>();
        var user = await users.FindByIdAsync(result.UserId!);
        if (user is null)
        {
            context.Fail("The linked account does not exist.");
            return;
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(JwtRegisteredClaimNames.UniqueName, user.UserName!),
        };
        if (user.IsSuperAdmin)
        {
            claims.Add(new Claim(WindFlowClaims.SuperAdmin, "true"));
        }

        claims.AddRange(result.Grants.Grants.Select(g => new Claim(OrganizationGrant.ClaimType, g.ClaimValue)));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, BearerScheme, JwtRegisteredClaimNames.UniqueName, ClaimTypes.Role));
    }
}
