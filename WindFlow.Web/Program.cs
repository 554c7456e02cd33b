using Microsoft.Extensions.Options;
using WindFlow.Core;
using WindFlow.Core.Accounts;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Compose;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Targets;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Infrastructure;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Infrastructure.Scheduling;
using WindFlow.Web.Hosting;
using WindFlow.Web.Logging;
using WindFlow.Web.Metrics;

// Maintenance commands (migrate-db, backup, restore) run instead of the server and exit with their own code.
if (MaintenanceCommands.Matches(args))
{
    return await MaintenanceCommands.RunAsync(args, MaintenanceCommands.ReadConfiguration(), Console.Out, Console.Error, CancellationToken.None);
}

// The container image's HEALTHCHECK: probe the running instance and exit, without starting one.
if (args is [HealthProbe.Command, .. var probeArguments])
{
    return await HealthProbe.RunAsync(probeArguments, Console.Error, CancellationToken.None);
}

// Start-up failures a user can fix (bad settings, unreachable database) print one clear line
// instead of a stack trace.
try
{
    // Settings and web assets sit next to the binary; the data directory stays relative to where
    // WindFlow is started (./data by default).
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseWindFlowUrls(builder.Configuration);
    builder.Logging.AddWindFlowLogging(builder.Configuration);
    builder.Services.Configure<BootstrapAdminOptions>(o =>
    {
        o.UserName = builder.Configuration["WINDFLOW_ADMIN_USER"];
        o.Password = builder.Configuration["WINDFLOW_ADMIN_PASSWORD"];
        o.Email = builder.Configuration["WINDFLOW_ADMIN_EMAIL"];
    });
    builder.Services.AddWindFlowCore();
    builder.Services.AddOptions<AuthTokenOptions>().BindConfiguration(AuthTokenOptions.SectionName);
    builder.Services.AddOptions<KeycloakOptions>().BindConfiguration(KeycloakOptions.SectionName);
    builder.Services.AddOptions<DockerOptions>().BindConfiguration(DockerOptions.SectionName);
    builder.Services.AddOptions<DeployEngineOptions>().BindConfiguration(DeployEngineOptions.SectionName);
    builder.Services.AddOptions<WorkflowEngineOptions>().BindConfiguration(WorkflowEngineOptions.SectionName);
    // Organisation policies arrive with organisations (#5); until then one policy applies to every stack.
    builder.Services.AddOptions<ComposePolicyOptions>().BindConfiguration("Policies");
    builder.Services.AddWindFlowInfrastructure(builder.Configuration);
    builder.Services.AddWindFlowScheduling(builder.Configuration);
    builder.Services.AddWindFlowWeb();
    builder.Services.AddWindFlowMetrics(builder.Configuration);

    var app = builder.Build();
    await app.InitializeWindFlowAsync();
    app.UseWindFlowPipeline();
    app.MapWindFlowEndpoints();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is DatabaseStartupException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"WindFlow cannot start: {ex.Message}");
    return 1;
}

/// <summary>Entry point; public so integration tests can boot the app with WebApplicationFactory.</summary>
public partial class Program;
