using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using WindFlow.Tests.TestSupport;
using Xunit.Abstractions;

namespace WindFlow.Tests.E2E;

/// <summary>Deploy a stack through the wizard, watch it live, update, roll back and remove it, in real Chromium against the real engine.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "E2E")]
public sealed class DeploymentUiTests(DockerEngine docker, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    // Runs on a loaded 2-core machine include health checks: generous, but each wait ends as soon as its condition holds.
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 90_000 };

    private BrowserFixture _browser = default!;

    public async Task InitializeAsync()
    {
        _browser = new BrowserFixture();
        await _browser.InitializeAsync();
    }

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task DeployThroughWizard_UpdateRollBackRemove_EngineFollows()
    {
        var project = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var port = TestTools.FreePort();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
            ["Docker__AutoRegisterLocal"] = "false",
        });
        var (context, page, errors) = await _browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        try
        {
            await page.GotoAsync("/login");
            await new LoginPage(page).SignInAsync(Admin, Password);
            await new Shell(page).WaitForCircuitAsync();
            await PostAsync(page, "/api/v1/targets", new { name = "local", endpoint = docker.Endpoint });
            var stackId = await PostAsync(page, "/api/v1/stacks", new
            {
                name = "Busy Web " + project,
                template = Template,
                variables = new Dictionary<string, object>
                {
                    ["PORT"] = new { type = "integer", @default = port, required = true, min = 1024, max = 65535 },
                    ["MESSAGE"] = new { type = "string", @default = "first", help = "Written into web's environment" },
                },
            });

            // The wizard: the stack comes from the query, the only target is picked, the name comes from the stack.
            await page.GotoAsync($"/deployments/new?stack={stackId}");
            await new Shell(page).WaitForCircuitAsync();
            var wizard = new DeployWizardPage(page);
            await wizard.NextFromStackAsync();
            await Assertions.Expect(wizard.Name).ToHaveValueAsync("busy-web-" + project);
            await wizard.Name.FillAsync(project);
            await wizard.NextFromTargetAsync();
            await Assertions.Expect(wizard.Variable("MESSAGE")).ToHaveValueAsync("first");
            await wizard.ReviewPlanAsync();
            await Assertions.Expect(wizard.PlanRows).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator("[data-testid=plan-row][data-service=web]")).ToContainTextAsync("create");
            await wizard.DeployAsync();

            var deployment = new DeploymentPage(page);
            await Assertions.Expect(deployment.Name).ToHaveTextAsync(project);
            await Assertions.Expect(deployment.LiveRun).ToBeVisibleAsync();
            await ExpectRunSucceededAsync(deployment, app);
            await Assertions.Expect(deployment.Status).ToHaveTextAsync("running", Slow);
            await Assertions.Expect(deployment.Revision).ToHaveTextAsync("1");
            await Assertions.Expect(page.Locator("[data-testid=run-service][data-service=worker] [data-testid=run-service-step]")).ToHaveTextAsync("running");
            await Assertions.Expect(deployment.ServiceRows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
            await Assertions.Expect(deployment.ServiceRow("web").GetByTestId("service-state")).ToHaveTextAsync("running");
            await Assertions.Expect(deployment.ServiceRow("web").GetByTestId("service-health")).ToHaveTextAsync("healthy");
            Assert.Equal("first", await EnvAsync(project, "web", "MESSAGE"));

            // Leaving and coming back rebuilds the run panel from stored events.
            var events = await deployment.RunEvents.CountAsync();
            await page.ReloadAsync();
            await new Shell(page).WaitForCircuitAsync();
            await Assertions.Expect(deployment.RunEvents).ToHaveCountAsync(events);

            // Update MESSAGE: only web changes.
            await deployment.OpenTabAsync("Values");
            await deployment.Variable("MESSAGE").FillAsync("second");
            await deployment.ReviewChangesAsync();
            await Assertions.Expect(deployment.PlanRow("web").GetByTestId("plan-action")).ToHaveTextAsync("recreate");
            await Assertions.Expect(deployment.PlanRow("worker").GetByTestId("plan-action")).ToHaveTextAsync("unchanged");
            await deployment.UpdateAsync();
            await Assertions.Expect(deployment.RunStatus).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("pending|running|succeeded"));
            await Assertions.Expect(deployment.Revision).ToHaveTextAsync("2", Slow);
            await ExpectRunSucceededAsync(deployment, app);
            Assert.Equal("second", await EnvAsync(project, "web", "MESSAGE"));

            // Roll back to revision 1: a new revision 3 with the first values.
            await deployment.OpenTabAsync("Revisions");
            await Assertions.Expect(deployment.RevisionRows).ToHaveCountAsync(2);
            await deployment.RollBackToAsync(1);
            await Assertions.Expect(deployment.Revision).ToHaveTextAsync("3", Slow);
            await ExpectRunSucceededAsync(deployment, app);
            await Assertions.Expect(deployment.Status).ToHaveTextAsync("running", Slow);
            Assert.Equal("first", await EnvAsync(project, "web", "MESSAGE"));

            // Remove without keeping volumes: nothing of the project is left on the engine.
            await deployment.RemoveAsync(keepVolumes: false);
            await Assertions.Expect(deployment.Status).ToHaveTextAsync("removed", Slow);
            Assert.Equal("", (await docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"])).Trim());
            Assert.Empty(errors);
        }
        catch
        {
            output.WriteLine("App output:\n" + app.Output);
            throw;
        }
        finally
        {
            await RemoveProjectAsync(project);
        }
    }

    private static string Template => """
        services:
          web:
            image: windflow-test/busybox:latest
            network_mode: host
            command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -h /www -p 127.0.0.1:${PORT}"]
            environment:
              MESSAGE: "${MESSAGE}"
            stop_grace_period: 1s
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:${PORT}/"]
              interval: 1s
              timeout: 2s
              retries: 60
          worker:
            image: windflow-test/busybox:latest
            network_mode: host
            command: ["sleep", "3600"]
            stop_grace_period: 1s
            depends_on:
              web:
                condition: service_healthy
        """;

    // The run panel shows the newest run; when it fails the test says why with the run's own events.
    private async Task ExpectRunSucceededAsync(DeploymentPage deployment, AppProcess app)
    {
        try
        {
            await Assertions.Expect(deployment.RunStatus).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("succeeded|failed|cancelled"), new() { Timeout = 90_000 });
            await Assertions.Expect(deployment.RunStatus).ToHaveTextAsync("succeeded", new() { Timeout = 1_000 });
        }
        catch (PlaywrightException)
        {
            output.WriteLine("Run events:\n" + string.Join('\n', await deployment.RunEvents.AllInnerTextsAsync()));
            output.WriteLine("App output:\n" + app.Output);
            throw;
        }
    }

    private static async Task<Guid> PostAsync(IPage page, string path, object body)
    {
        // The page's request context shares the signed-in cookie.
        var response = await page.APIRequest.PostAsync(path, new()
        {
            Data = JsonSerializer.Serialize(body),
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });
        var text = await response.TextAsync();
        Assert.True(response.Ok, $"{path} answered {response.Status}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private async Task<string> EnvAsync(string project, string service, string name)
    {
        var id = (await docker.DockerAsync(["ps", "-q", "--filter", $"label=com.docker.compose.project={project}", "--filter", $"label=com.docker.compose.service={service}"])).Trim();
        var env = await docker.DockerAsync(["inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", id]);
        return env.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..] ?? "";
    }

    private async Task RemoveProjectAsync(string project)
    {
        var ids = (await docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"], throwOnFailure: false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var id in ids)
        {
            await docker.RemoveContainerAsync(id);
        }

        await docker.DockerAsync(["network", "prune", "-f", "--filter", $"label=com.docker.compose.project={project}"], throwOnFailure: false);
        await docker.DockerAsync(["volume", "prune", "-f", "--filter", $"label=com.docker.compose.project={project}"], throwOnFailure: false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cleaned up project {project} ({ids.Length} containers left by the test)."));
    }
}
