using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WindFlow.Core.SystemInfo;

namespace WindFlow.Web.Api;

/// <summary>Liveness, readiness and <c>/api/v1/system/info</c>.</summary>
internal static class SystemEndpoints
{
    public sealed record HealthResponse(string Status);

    public sealed record SystemInfoResponse(string Version, string DatabaseProvider, DateTimeOffset StartedAt, double UptimeSeconds);

    private static readonly HealthResponse Healthy = new("healthy");

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Liveness answers without touching anything: a busy database must not get the process restarted.
        app.MapGet("/api/health", () => TypedResults.Ok(Healthy)).AllowAnonymous().WithTags("System");
        app.MapHealthChecks("/api/ready", new HealthCheckOptions
        {
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new HealthResponse(report.Status == HealthStatus.Healthy ? "ready" : "unavailable")),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }

    public static RouteGroupBuilder MapSystemEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/system/info", (SystemInfoService info) =>
        {
            var now = info.Current();
            return TypedResults.Ok(new SystemInfoResponse(now.Version, now.DatabaseProvider, now.StartedAt, Math.Round(now.Uptime.TotalSeconds, 1)));
        }).RequiresSignedIn().WithTags("System");
        return api;
    }
}
