using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Radzen;
using WindFlow.Core.Accounts;
using WindFlow.Core.Auditing;
using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Web.Api;
using WindFlow.Web.Auditing;
using WindFlow.Web.Auth;
using WindFlow.Web.Components;
using WindFlow.Web.Components.Account;
using WindFlow.Web.Logging;
using WindFlow.Web.Metrics;

namespace WindFlow.Web.Hosting;

/// <summary>The web half of the composition root: services, pipeline and endpoints.</summary>
internal static class WebApplicationSetup
{
    public const string ThemeCookie = "windflow-theme";

    public static IServiceCollection AddWindFlowWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddRadzenCookieThemeService(o =>
        {
            o.Name = ThemeCookie;
            o.Duration = TimeSpan.FromDays(365);
        });
        services.AddWindFlowAuthentication();
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuditActor, WebAuditActor>();
        services.AddScoped<CircuitHandler, AuditCircuitHandler>();
        services.AddSingleton<IAccessContext, WebAccessContext>();
        services.AddScoped<CircuitAccess>();
        services.AddScoped<AccessView>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, AccessCircuitHandler>());
        services.AddAntiforgery(o => o.Cookie.Name = "windflow.antiforgery");
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        // Malformed JSON surfaces as BadHttpRequestException so the handler below can say what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", o => o.AddDocumentTransformer(DescribeApi));
        services.AddHealthChecks().AddDbContextCheck<WindFlowDbContext>("database");
        return services;
    }

    /// <summary>Migrates the database, creates the bootstrap admin and registers the local engine before the first request.</summary>
    public static async Task InitializeWindFlowAsync(this WebApplication app)
    {
        app.StartWindFlowMetrics();
        await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(app.Lifetime.ApplicationStopping);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SetupService>().EnsureBootstrapAdminAsync(app.Lifetime.ApplicationStopping);
        await RegisterLocalEngineAsync(app, scope.ServiceProvider);
    }

    // Docker is optional at start-up: WindFlow without a local engine is still useful, so any
    // failure here is logged and start-up goes on.
    private static async Task RegisterLocalEngineAsync(WebApplication app, IServiceProvider services)
    {
        var docker = services.GetRequiredService<IOptions<DockerOptions>>().Value;
        if (!docker.AutoRegisterLocal)
        {
            return;
        }

        try
        {
            await services.GetRequiredService<TargetService>().EnsureLocalTargetAsync(docker.LocalSocket, app.Lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            app.Logger.LogWarning(ex, "Could not register the local Docker engine at {Socket}; continuing without it", docker.LocalSocket);
        }
    }

    public static WebApplication UseWindFlowPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                AccessDeniedException denied => AccessProblems.StatusOf(denied).Status,
                _ => StatusCodes.Status500InternalServerError,
            },
            ExceptionHandler = HandleExceptionAsync,
            // A client's malformed request is answered with a 400, not logged as a server error.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException or AccessDeniedException,
        });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.MapStaticAssets();
        app.UseMiddleware<SetupRedirectMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<ReadOnlyApiKeyMiddleware>();
        app.UseMiddleware<UserLogScopeMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapWindFlowEndpoints(this WebApplication app)
    {
        app.MapBlazorScript();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapOpenApi("/api/openapi.json").AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.DocumentTitle = "WindFlow API";
            o.SwaggerEndpoint("/api/openapi.json", "WindFlow API v1");
        });
        var api = app.MapGroup("/api/v1");
        api.AddEndpointFilter(AccessProblems.FilterAsync);
        api.MapAuthEndpoints();
        api.MapSystemEndpoints();
        api.MapTargetEndpoints();
        api.MapContainerEndpoints();
        api.MapEngineResourceEndpoints();
        api.MapStackEndpoints();
        api.MapDeploymentEndpoints();
        api.MapRunEndpoints();
        api.MapAuditEndpoints();
        api.MapWorkflowEndpoints();
        api.MapOrganizationEndpoints();
        api.MapUserEndpoints();
        api.MapSettingsEndpoints();
        app.MapAccountEndpoints();
        // SecurityHeadersMiddleware already sends frame-ancestors 'none' with the one CSP; Blazor's
        // default would add a second, laxer CSP header ('self') to every page.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    // Declares the bearer scheme so Swagger UI offers "Authorize" and clients know how to call.
    private static Task DescribeApi(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "WindFlow API";
        document.Info.Description = "Authenticate with POST /api/v1/auth/token, then send `Authorization: Bearer <accessToken>`.";
        document.AddComponent<IOpenApiSecurityScheme>("Bearer", new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Access token from POST /api/v1/auth/token.",
        });
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
        return Task.CompletedTask;
    }

    // API callers get problem+json; browsers get the error page, never a stack trace.
    private static async Task HandleExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Redirect("/error");
            return;
        }

        var (status, title, detail) = error switch
        {
            BadHttpRequestException bad when bad.InnerException is System.Text.Json.JsonException json =>
                (StatusCodes.Status400BadRequest, "Malformed JSON", $"The request body is not valid JSON: {json.Message}"),
            BadHttpRequestException bad =>
                (bad.StatusCode, "Bad request", bad.Message),
            AccessDeniedException denied => (AccessProblems.StatusOf(denied).Status, AccessProblems.StatusOf(denied).Title, denied.Message),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The server failed to handle the request; the error is in its log."),
        };
        await ProblemResults.WriteAsync(context, status, title, detail);
    }
}
