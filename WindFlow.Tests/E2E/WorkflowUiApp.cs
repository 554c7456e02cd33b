using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Workflows;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.E2E;

/// <summary>
/// The real app on a real Kestrel port for Chromium, with the workflow services in memory
/// (<see cref="InMemoryWorkflowService"/>): the editor pages need only the two interfaces, so these
/// tests drive the same screens whichever implementation the app registers.
/// </summary>
public sealed class WorkflowUiApp : WindFlowAppFactory
{
    public WorkflowUiApp()
    {
        UseKestrel(TestTools.FreePort());
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public InMemoryWorkflowRuns Runs => (InMemoryWorkflowRuns)Services.GetRequiredService<IWorkflowRuns>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IWorkflowService, InMemoryWorkflowService>();
            services.AddSingleton<IWorkflowRuns, InMemoryWorkflowRuns>();
        });
    }
}
