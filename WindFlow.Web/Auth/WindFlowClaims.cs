using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace WindFlow.Web.Auth;

/// <summary>Claim names WindFlow writes, and reading the user id whichever door the caller used.</summary>
internal static class WindFlowClaims
{
    public const string SuperAdmin = "windflow:super_admin";

    /// <summary>The account id from a cookie principal (NameIdentifier) or a JWT (sub).</summary>
    public static string? UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue(JwtRegisteredClaimNames.Sub);
}
