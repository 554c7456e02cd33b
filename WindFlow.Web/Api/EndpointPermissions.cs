using WindFlow.Core.Organizations;

namespace WindFlow.Web.Api;

/// <summary>
/// What an endpoint declares it needs, read by the role-matrix test and the API docs. The Core
/// service behind the endpoint enforces the same row of <see cref="PermissionTable"/>; the
/// declaration says which row, so the test can predict every role's answer.
/// </summary>
/// <param name="Resource">The resource type the endpoint touches.</param>
/// <param name="Action">How much it changes.</param>
public sealed record PermissionMetadata(Resource Resource, ActionClass Action)
{
    /// <summary>The least level that passes.</summary>
    public PermissionLevel Level => PermissionTable.Required(Resource, Action);
}

/// <summary>Declares an endpoint open to any signed-in user, whatever their roles (their own profile, system info).</summary>
public sealed class SignedInMetadata
{
    public static SignedInMetadata Instance { get; } = new();
}

/// <summary>How endpoints declare their permission; every <c>/api</c> endpoint needs one of these or <c>AllowAnonymous</c>.</summary>
public static class EndpointPermissionExtensions
{
    /// <summary>Signed-in callers only; the service checks the role for <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public static TBuilder RequiresPermission<TBuilder>(this TBuilder builder, Resource resource, ActionClass action)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PermissionMetadata(resource, action)).RequireAuthorization();

    /// <summary>Any signed-in user.</summary>
    public static TBuilder RequiresSignedIn<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(SignedInMetadata.Instance).RequireAuthorization();
}

/// <summary>Answers Core's access refusals with problem+json, for every endpoint of the API group.</summary>
internal static class AccessProblems
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AccessDeniedException denied) when (!context.HttpContext.Response.HasStarted)
        {
            return Of(denied);
        }
    }

    public static (int Status, string Title) StatusOf(AccessDeniedException denied) => denied.Denial switch
    {
        AccessDenial.Unauthenticated => (StatusCodes.Status401Unauthorized, "Authentication required"),
        // Another organisation's resources are answered as missing so that ids reveal nothing.
        AccessDenial.Hidden => (StatusCodes.Status404NotFound, "Not found"),
        AccessDenial.OrganizationRequired => (StatusCodes.Status400BadRequest, "Organisation required"),
        _ => (StatusCodes.Status403Forbidden, "Forbidden"),
    };

    public static IResult Of(AccessDeniedException denied)
    {
        var (status, title) = StatusOf(denied);
        return TypedResults.Problem(statusCode: status, title: title, detail: denied.Message);
    }
}
