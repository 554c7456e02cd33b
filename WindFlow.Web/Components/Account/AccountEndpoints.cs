using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WindFlow.Core.Auditing;
using WindFlow.Infrastructure.Identity;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Account;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Binding a form field makes the endpoint validate the antiforgery token.
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<WindFlowUser> signIn, AuditTrail audit, HttpContext context) =>
        {
            await audit.RecordAsync("auth.signed_out", "user", context.User.UserId(), AuditOutcome.Succeeded);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login?loggedOut=1");
        }).ExcludeFromDescription();
        return app;
    }
}
