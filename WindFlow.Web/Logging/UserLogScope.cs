using System.Security.Claims;

namespace WindFlow.Web.Logging;

/// <summary>
/// Puts the signed-in user (and, once organisations exist with issue #5, the organisation) on every
/// log line written inside it; <see cref="JsonLogFormatter"/> writes them as <c>user.name</c> and
/// <c>organization.id</c>.
/// </summary>
internal static class UserLogScope
{
    public const string UserKey = "User";
    public const string OrganizationKey = "Organization";

    /// <summary>A scope naming <paramref name="user"/>, or null when nobody is signed in.</summary>
    public static IDisposable? Begin(ILogger logger, ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? logger.BeginScope(new Dictionary<string, object?> { [UserKey] = name })
            : null;
}

/// <summary>Opens <see cref="UserLogScope"/> for the rest of the request once authentication has run.</summary>
internal sealed class UserLogScopeMiddleware(RequestDelegate next, ILogger<UserLogScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using (UserLogScope.Begin(logger, context.User))
        {
            await next(context);
        }
    }
}
