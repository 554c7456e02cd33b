using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using WindFlow.Core.Accounts;
using WindFlow.Core.Auditing;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/auth</c>: token pairs for scripts and the CLI, and who am I.</summary>
internal static class AuthEndpoints
{
    public sealed record TokenRequest(string? Username, string? Password);

    public sealed record RefreshRequest(string? RefreshToken);

    public sealed record MeResponse(string Id, string Username, string? Email, bool IsSuperAdmin);

    public static RouteGroupBuilder MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/token", IssueAsync).AllowAnonymous()
            .WithSummary("Exchange a user name and password for an access token (30 min) and a refresh token (7 days).");
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .WithSummary("Exchange a refresh token for a new pair; the old refresh token stops working.");
        auth.MapPost("/logout", LogoutAsync).AllowAnonymous()
            .WithSummary("Revoke a refresh token and every token rotated from the same sign-in.");
        auth.MapGet("/me", MeAsync).RequiresSignedIn()
            .WithSummary("The signed-in account.");
        return api;
    }

    private static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        TokenRequest? request, AuthTokenService tokens, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Username))
        {
            errors["username"] = ["The username is required."];
        }

        if (string.IsNullOrEmpty(request?.Password))
        {
            errors["password"] = ["The password is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await tokens.IssueAsync(request!.Username!, request.Password!, cancellationToken);
        return ToResponse(result, context, clock);
    }

    private static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest? request, AuthTokenService tokens, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.RefreshToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["The refreshToken is required."] });
        }

        return ToResponse(await tokens.RefreshAsync(request.RefreshToken, cancellationToken), context, clock);
    }

    private static async Task<Results<NoContent, ValidationProblem>> LogoutAsync(
        RefreshRequest? request, AuthTokenService tokens, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.RefreshToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["The refreshToken is required."] });
        }

        // Unknown tokens get the same answer: logout reveals nothing about which tokens exist.
        var revoked = await tokens.RevokeAsync(request.RefreshToken, cancellationToken);
        await audit.RecordAsync("auth.signed_out", "user", null, revoked ? AuditOutcome.Succeeded : AuditOutcome.Failed, revoked ? "Refresh token revoked." : "Unknown refresh token.");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> MeAsync(
        HttpContext context, IAccountLookup accounts, CancellationToken cancellationToken)
    {
        var id = context.User.UserId();
        var account = id is null ? null : await accounts.FindActiveAsync(id, cancellationToken);
        return account is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: "The account no longer exists or is locked.")
            : TypedResults.Ok(new MeResponse(account.Id, account.UserName, account.Email, account.IsSuperAdmin));
    }

    private static Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult> ToResponse(TokenResult result, HttpContext context, TimeProvider clock)
    {
        switch (result.Failure)
        {
            case TokenFailure.None:
                context.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(result.Tokens!);
            case TokenFailure.LockedOut:
                var retryAfter = result.LockedUntil is { } until
                    ? Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalSeconds))
                    : 300;
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Account locked",
                    detail: $"Too many failed sign-in attempts. Try again in {Math.Ceiling(retryAfter / 60.0)} minute(s).");
            case TokenFailure.InvalidRefreshToken:
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid refresh token",
                    detail: "The refresh token is unknown, expired or already used. Sign in again.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials",
                    detail: "The username or password is incorrect.");
        }
    }
}
