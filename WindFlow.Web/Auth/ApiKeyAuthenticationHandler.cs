using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using WindFlow.Core.ApiKeys;
using WindFlow.Web.Api;

namespace WindFlow.Web.Auth;

/// <summary>Authenticates <c>X-API-Key: wf_ak_...</c> or <c>Authorization: Bearer wf_ak_...</c>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-API-Key";
    public const string KeyIdClaim = "windflow:api_key";
    public const string ReadOnlyClaim = "windflow:read_only";

    /// <summary>True when the request presents an API key (the policy scheme sends it here).</summary>
    public static bool Presents(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderName)
        || request.Headers.Authorization.ToString().StartsWith("Bearer " + ApiKeyService.KeyPrefix, StringComparison.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers.TryGetValue(HeaderName, out var header)
            ? header.ToString().Trim()
            : Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, expired or revoked.");
        }

        // The same claims the JWT carries, so every endpoint reads the caller the same way.
        List<Claim> claims =
        [
            new(JwtRegisteredClaimNames.Sub, key.Account.Id),
            new(ClaimTypes.NameIdentifier, key.Account.Id),
            new(JwtRegisteredClaimNames.UniqueName, key.Account.UserName),
            new(KeyIdClaim, key.KeyId.ToString()),
        ];
        if (key.Account.IsSuperAdmin)
        {
            claims.Add(new Claim(WindFlowClaims.SuperAdmin, "true"));
        }

        if (key.ReadOnly)
        {
            claims.Add(new Claim(ReadOnlyClaim, "true"));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, JwtRegisteredClaimNames.UniqueName, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ProblemResults.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required", "The API key is unknown, expired or revoked.");
}

/// <summary>Refuses every non-read request made with a read-only API key (403 problem+json).</summary>
internal sealed class ReadOnlyApiKeyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (context.User.HasClaim(ApiKeyAuthenticationHandler.ReadOnlyClaim, "true")
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)))
        {
            return ProblemResults.WriteAsync(context, StatusCodes.Status403Forbidden, "Read-only API key", "This API key may only read (GET); create a key without the read-only restriction to change things.");
        }

        return next(context);
    }
}
