using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WindFlow.Infrastructure.Identity;

namespace WindFlow.Web.Components.Account;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Binding a form field makes the endpoint validate the antiforgery token.
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<WindFlowUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login?loggedOut=1");
        }).ExcludeFromDescription();
        return app;
    }
}
