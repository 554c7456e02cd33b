using WindFlow.Core.Accounts;

namespace WindFlow.Web.Hosting;

/// <summary>Sends every page request to <c>/setup</c> until the first administrator exists.</summary>
internal sealed class SetupRedirectMiddleware(RequestDelegate next)
{
    private static readonly string[] PassThrough = ["/setup", "/api", "/_framework", "/_content", "/_blazor", "/css", "/js", "/favicon.ico", "/error", "/metrics"];

    public async Task InvokeAsync(HttpContext context, SetupState state)
    {
        // The singleton flag answers without touching the database once an admin exists.
        if (!state.AdminExists
            && HttpMethods.IsGet(context.Request.Method)
            && !PassThrough.Any(p => context.Request.Path.StartsWithSegments(p))
            && await context.RequestServices.GetRequiredService<SetupService>().IsSetupRequiredAsync(context.RequestAborted))
        {
            context.Response.Redirect("/setup");
            return;
        }

        await next(context);
    }
}
