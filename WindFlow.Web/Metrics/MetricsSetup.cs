using Microsoft.Extensions.Options;
using WindFlow.Core.Observability;

namespace WindFlow.Web.Metrics;

/// <summary>Wiring of the Prometheus endpoint: services, start of the listener, the route.</summary>
internal static class MetricsSetup
{
    public static IServiceCollection AddWindFlowMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        // Whether anything is collected at all is decided here, at composition time.
        var options = new MetricsOptions();
        configuration.GetSection(MetricsOptions.SectionName).Bind(options);
        if (options.Validate() is { } problem)
        {
            throw new OptionsValidationException(MetricsOptions.SectionName, typeof(MetricsOptions), [problem]);
        }

        services.AddSingleton(Options.Create(options));
        if (options.Enabled)
        {
            services.AddSingleton<MetricsCollector>();
        }

        return services;
    }

    /// <summary>Starts listening before anything is measured, so up-down counters never see an end without its start.</summary>
    public static void StartWindFlowMetrics(this WebApplication app)
    {
        if (app.Services.GetService<MetricsCollector>() is { } collector)
        {
            collector.Start();
            app.Services.GetRequiredService<WindFlowMetrics>().PublishZeroSeries();
        }
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<MetricsCollector>() is not null)
        {
            app.MapGet("/metrics", WriteMetricsAsync).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    private static async Task WriteMetricsAsync(
        HttpContext context, MetricsCollector collector, StateMetricsRefresher state, IOptions<MetricsOptions> options)
    {
        var response = context.Response;
        switch (MetricsAccess.Decide(context, options.Value.BearerToken))
        {
            case MetricsAccessDecision.Unauthorized:
                response.StatusCode = StatusCodes.Status401Unauthorized;
                response.Headers.WWWAuthenticate = "Bearer";
                await response.WriteAsync("Send Authorization: Bearer <Metrics__BearerToken>.\n", context.RequestAborted);
                return;
            case MetricsAccessDecision.Forbidden:
                response.StatusCode = StatusCodes.Status403Forbidden;
                await response.WriteAsync("/metrics serves loopback scrapers only; set Metrics__BearerToken to let a remote scraper in.\n", context.RequestAborted);
                return;
        }

        await state.RefreshIfDueAsync(options.Value.StateRefreshInterval, context.RequestAborted);
        response.ContentType = PrometheusTextWriter.ContentType;
        await response.WriteAsync(collector.Render(), context.RequestAborted);
    }
}
