namespace WindFlow.Web.Hosting;

/// <summary>Security headers on every response (DESIGN.md section 4).</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // Blazor Server needs no inline script and no eval; Radzen sets inline styles, hence
    // 'unsafe-inline' for styles only. The SignalR WebSocket is same-origin ('self').
    private const string AppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    // Swagger UI's page bootstraps itself with an inline script.
    private const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? DocsPolicy : AppPolicy;
        return next(context);
    }
}
