using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using WindFlow.Core.Accounts;
using WindFlow.Web.Api;
using WindFlow.Web.Auth.Keycloak;

namespace WindFlow.Web.Auth;

/// <summary>
/// Three doors, one policy scheme: an API key (<c>X-API-Key</c> or a <c>wf_ak_</c> bearer), a JWT
/// bearer token, otherwise the Identity cookie. API calls never get redirected to the login page.
/// </summary>
internal static class AuthenticationSetup
{
    public const string Scheme = "WindFlow";

    public static IServiceCollection AddWindFlowAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<IAccessTokenIssuer, JwtAccessTokenIssuer>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie, API key or bearer token", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.Presents(context.Request)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : context.Request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? KeycloakAuthentication.IsKeycloakBearer(context, header["Bearer ".Length..].Trim())
                            ? KeycloakAuthentication.BearerScheme
                            : JwtBearerDefaults.AuthenticationScheme
                        : IdentityConstants.ApplicationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddKeycloak()
            .AddIdentityCookies();

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<JwtSigningKey, IOptions<AuthTokenOptions>>((o, key, auth) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Issuer,
                    IssuerSigningKey = key.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "unique_name",
                };
                o.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await ProblemResults.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                            context.AuthenticateFailure is null ? "Send a valid access token." : "The access token is invalid or expired.");
                    },
                };
            });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "windflow.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/access-denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized, "Authentication required", "Sign in or send a bearer token.");
            o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden, "Forbidden", "You are not allowed to do this.");
        });

        // A changed password or a disabled account takes effect on other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status, string title, string detail)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            return ProblemResults.WriteAsync(context.HttpContext, status, title, detail);
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
