using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Auditing;
using WindFlow.Infrastructure.Identity;
using WindFlow.Web.Auth;
using WindFlow.Web.Auth.Keycloak;

namespace WindFlow.Web.Components.Account;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Binding a form field makes the endpoint validate the antiforgery token.
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<WindFlowUser> signIn, AuditTrail audit, KeycloakSignOut keycloak, HttpContext http) =>
        {
            await audit.RecordAsync("auth.signed_out", "user", http.User.UserId(), AuditOutcome.Succeeded);
            // Read before signing out: the ID token lives in the cookie being deleted.
            var idToken = await http.GetTokenAsync(IdentityConstants.ApplicationScheme, "id_token");
            await signIn.SignOutAsync();
            // A Keycloak session is ended at Keycloak too, or the next "Sign in with Keycloak"
            // would let the user straight back in.
            // The CSP's form-action 'self' stops a redirect to another origin after a form post,
            // so the browser is sent on by a page instead (navigation is not restricted by CSP).
            return await keycloak.EndSessionUrlAsync(idToken, http.Request, http.RequestAborted) is { } endSession
                ? Results.Content($"<!DOCTYPE html><meta http-equiv=\"refresh\" content=\"0;url={HtmlEncoder.Default.Encode(endSession)}\"><title>Signing out</title>", "text/html")
                : Results.LocalRedirect("/login?loggedOut=1");
        }).ExcludeFromDescription();

        app.MapGet("/account/sso/keycloak", (string? returnUrl, IOptions<KeycloakOptions> keycloak) => keycloak.Value.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl.OrHome(returnUrl) }, [KeycloakSignInHandler.SchemeName])
                : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
