using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using WindFlow.Tests.TestSupport;
using Xunit.Abstractions;

namespace WindFlow.Tests.E2E;

/// <summary>Deploy a stack through the wizard, watch it live, update, roll back and remove it, and adopt a project, in real Chromium against the real engine.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "E2E")]
public sealed class DeploymentUiTests(DockerEngine docker, ITestOutputHelper output) : OwnBrowserTests
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    // Runs on a loaded 2-core machine include health checks: generous, but each wait ends as soon as its condition holds.
    private static readonly LocatorAssertionsToHaveTextOptions Slow = new() { Timeout = 90_000 };


    [Fact]
    public async Task DeployThroughWizard_UpdateRollBackRemove_EngineFollows()
    {
        var project = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var port = TestTools.FreePort();
        await using var app = await StartAppAsync();
        var (context, page, errors) = await Browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        await RunStepsAsync(app, project, async () =>
        {
            await SignInAsync(page);
            await SendAsync(page, HttpMethod.Post, "/api/v1/targets", new { name = "local", endpoint = docker.Endpoint });
            var variables = new Dictionary<string, object>
            {
                ["PORT"] = new { type = "integer", @default = port, required = true, min = 1024, max = 65535 },
                ["MESSAGE"] = new { type = "string", @default = "first", help = "Written into web's environment" },
            };
            var stackId = await SendAsync(page, HttpMethod.Post, "/api/v1/stacks", new { name = "Busy Web " + project, template = Template, variables });

            // The wizard: the stack comes from the query, the only target is picked, the name comes from the stack.
            await GoToAsync(page, $"/deployments/new?stack={stackId}");
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

            // Version 2 of the stack adds GREETING to web's environment.
            variables["GREETING"] = new { type = "string", @default = "hi", label = "Greeting" };
            await SendAsync(page, HttpMethod.Put, $"/api/v1/stacks/{stackId}", new
            {
                name = "Busy Web " + project,
                template = Template.Replace("MESSAGE: \"${MESSAGE}\"", "MESSAGE: \"${MESSAGE}\"\n      GREETING: \"${GREETING}\"", StringComparison.Ordinal),
                variables,
                changeSummary = "Greets too",
            });

            // Update to version 2 and a new MESSAGE: the form gains GREETING, keeps MESSAGE, and only web changes.
            await deployment.OpenTabAsync("Values");
            await Assertions.Expect(deployment.VersionPicker).ToContainTextAsync("v1 (current)");
            await Assertions.Expect(deployment.Variable("GREETING")).ToHaveCountAsync(0);
            await deployment.PickVersionAsync("v2 (latest) · Greets too");
            await Assertions.Expect(deployment.Variable("GREETING")).ToHaveValueAsync("hi");
            await Assertions.Expect(deployment.Variable("MESSAGE")).ToHaveValueAsync("first");
            await deployment.Variable("MESSAGE").FillAsync("second");
            await deployment.ReviewChangesAsync();
            await Assertions.Expect(deployment.VersionChange).ToHaveTextAsync($"Moves Busy Web {project} from v1 to v2.");
            await Assertions.Expect(deployment.PlanRow("web").GetByTestId("plan-action")).ToHaveTextAsync("recreate");
            await Assertions.Expect(deployment.PlanRow("worker").GetByTestId("plan-action")).ToHaveTextAsync("unchanged");
            await deployment.UpdateAsync();
            await Assertions.Expect(deployment.RunStatus).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("pending|running|succeeded"));
            await Assertions.Expect(deployment.Revision).ToHaveTextAsync("2", Slow);
            await ExpectRunSucceededAsync(deployment, app);
            await Assertions.Expect(deployment.StackVersion).ToHaveTextAsync("v2");
            Assert.Equal("second", await EnvAsync(project, "web", "MESSAGE"));
            Assert.Equal("hi", await EnvAsync(project, "web", "GREETING"));

            // Roll back to revision 1: a new revision 3 with version 1 and the first values.
            await RollBackToFirstRevisionAsync(deployment, app);
            await Assertions.Expect(deployment.StackVersion).ToHaveTextAsync("v1");
            Assert.Equal("first", await EnvAsync(project, "web", "MESSAGE"));
            Assert.Equal("", await EnvAsync(project, "web", "GREETING"));

            // Remove without keeping volumes: nothing of the project is left on the engine.
            await deployment.RemoveAsync(keepVolumes: false);
            await Assertions.Expect(deployment.Status).ToHaveTextAsync("removed", Slow);
            Assert.Equal("", (await docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"])).Trim());
            Assert.Empty(errors);
        });
    }

    [Fact]
    public async Task TemplateToRunningDeployment_FailingUpdateRollsBackByItself_ThenHandRollbackToRevision1()
    {
        var project = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var port = TestTools.FreePort();
        // Something else already listens on the port of the bad update: the server cannot bind it, so its health check never passes.
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var app = await StartAppAsync();
        var (context, page, errors) = await Browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        await RunStepsAsync(app, project, async () =>
        {
            await SignInAsync(page);
            await GoToAsync(page, "/targets");
            var targets = new TargetsPage(page);
            await targets.AddAsync("local", docker.Endpoint);
            await Assertions.Expect(targets.EngineInfo).ToContainTextAsync("Docker ");
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(targets.Row("local").GetByTestId("target-status")).ToHaveTextAsync("online");

            // The built-in busybox template runs offline: its image is the one the test engine builds.
            await GoToAsync(page, "/templates");
            await new TemplatesGallery(page).UseAsync("busybox-web", "Web " + project);
            await new Shell(page).WaitForUrlAsync(new System.Text.RegularExpressions.Regex(@"/stacks/[0-9a-f-]{36}$"));
            await page.GetByTestId("stack-deploy").ClickAsync();

            var wizard = new DeployWizardPage(page);
            await wizard.NextFromStackAsync();
            await wizard.Name.FillAsync(project);
            await wizard.NextFromTargetAsync();
            await FillNumberAsync(page, "PORT", port);
            await wizard.ReviewPlanAsync();
            await Assertions.Expect(page.Locator("[data-testid=plan-row][data-service=web]")).ToContainTextAsync("create");
            await wizard.DeployAsync();

            var deployment = new DeploymentPage(page);
            await Assertions.Expect(deployment.Name).ToHaveTextAsync(project);
            await ExpectRunSucceededAsync(deployment, app);
            await Assertions.Expect(deployment.Status).ToHaveTextAsync("running", Slow);
            await Assertions.Expect(deployment.Revision).ToHaveTextAsync("1");
            Assert.Equal("Hello from WindFlow", await GetTextAsync(port));

            // The update moves the server to the taken port: the run fails, and the page says the deployment went back to revision 1 by itself.
            await deployment.OpenTabAsync("Values");
            await FillNumberAsync(page, "PORT", takenPort);
            await deployment.ReviewChangesAsync();
            await Assertions.Expect(deployment.PlanRow("web").GetByTestId("plan-action")).ToHaveTextAsync("recreate");
            await deployment.UpdateAsync();
            await Assertions.Expect(deployment.RunStatus).ToHaveTextAsync("failed", Slow);
            await Assertions.Expect(deployment.RunError).ToContainTextAsync("Rolled back to revision 1.");
            await Assertions.Expect(deployment.RunError).ToContainTextAsync($"{project}-web-1");
            await Assertions.Expect(deployment.StatusMessage).ToHaveTextAsync("Rolled back to revision 1.", Slow);
            await Assertions.Expect(deployment.Status).ToHaveTextAsync("running");
            await Assertions.Expect(deployment.Revision).ToHaveTextAsync("2");
            Assert.Equal("Hello from WindFlow", await GetTextAsync(port));

            // By hand, from the revision history: revision 1 again, as revision 3.
            await RollBackToFirstRevisionAsync(deployment, app);
            await Assertions.Expect(deployment.LiveRun).ToContainTextAsync("Last run: rollback");
            Assert.Equal("Hello from WindFlow", await GetTextAsync(port));
            Assert.Empty(errors);
        });
    }

    [Fact]
    public async Task AdoptDialog_ProjectStartedByDockerCompose_AdoptedWithItsContainerUntouched()
    {
        var project = "e2e-ad" + Guid.NewGuid().ToString("N")[..8];
        var directory = Directory.CreateTempSubdirectory("windflow-e2e-adopt-");
        var file = Path.Combine(directory.FullName, "docker-compose.yml");
        await File.WriteAllTextAsync(file, IdleTemplate.Replace("{{NOTE}}", "set by hand", StringComparison.Ordinal));
        // A socket that takes connections and never answers: listing its projects stays in progress.
        var silentPath = Path.Combine(Path.GetTempPath(), $"windflow-silent-{Guid.NewGuid():N}.sock");
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silent.Bind(new UnixDomainSocketEndPoint(silentPath));
        silent.Listen();
        await using var app = await StartAppAsync();
        var (context, page, errors) = await Browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        try
        {
            await docker.ComposeAsync(["-p", project, "-f", file, "up", "-d"]);
            var before = (await docker.DockerAsync(["ps", "-q", "--no-trunc", "--filter", $"label=com.docker.compose.project={project}"])).Trim();
            Assert.Matches("^[0-9a-f]{64}$", before);

            await SignInAsync(page);
            await SendAsync(page, HttpMethod.Post, "/api/v1/targets", new { name = "local", endpoint = docker.Endpoint });
            await SendAsync(page, HttpMethod.Post, "/api/v1/targets", new { name = "gone", endpoint = $"unix:///tmp/windflow-missing-{Guid.NewGuid():N}.sock" });
            await SendAsync(page, HttpMethod.Post, "/api/v1/targets", new { name = "silent", endpoint = "unix://" + silentPath });
            var variables = new Dictionary<string, object> { ["NOTE"] = new { type = "string", @default = "from the stack" } };
            await SendAsync(page, HttpMethod.Post, "/api/v1/stacks", new { name = "Other " + project, template = IdleTemplate.Replace("  app:", "  other:", StringComparison.Ordinal), variables });
            await SendAsync(page, HttpMethod.Post, "/api/v1/stacks", new { name = "Idle " + project, template = IdleTemplate, variables });

            await GoToAsync(page, "/deployments");
            var adopt = new AdoptDialog(page);
            await adopt.OpenAsync();
            await adopt.PickTargetAsync("silent");
            await Assertions.Expect(adopt.Listing).ToBeVisibleAsync();
            await adopt.PickTargetAsync("gone");
            await Assertions.Expect(adopt.TargetError).ToContainTextAsync("The compose projects on gone could not be listed.");
            await Assertions.Expect(adopt.TargetError).ToContainTextAsync("windflow-missing-");
            await adopt.PickTargetAsync("local");
            await Assertions.Expect(adopt.Listing).ToHaveCountAsync(0);
            var row = adopt.Project(project);
            await Assertions.Expect(row.GetByTestId("adopt-project-services")).ToHaveTextAsync("app");
            await Assertions.Expect(row.GetByTestId("adopt-project-running")).ToHaveTextAsync("1/1");
            await adopt.SelectProjectAsync(project);
            await Assertions.Expect(adopt.Name).ToHaveValueAsync(project);

            // A stack whose services differ is refused with both lists named.
            await adopt.PickStackAsync("Other " + project);
            await adopt.AdoptAsync();
            await Assertions.Expect(adopt.Error).ToContainTextAsync($"declares services other but project {project} runs app");

            await adopt.PickStackAsync("Idle " + project);
            await Assertions.Expect(adopt.Variable("NOTE")).ToHaveValueAsync("from the stack");
            await adopt.Variable("NOTE").FillAsync("adopted");
            await Assertions.Expect(adopt.Summary).ToContainTextAsync($"Adopt {project} (1/1 running) as a deployment of Idle {project} v1.");
            await adopt.AdoptAsync();

            var deployment = new DeploymentPage(page);
            await new Shell(page).WaitForUrlAsync(new System.Text.RegularExpressions.Regex(@"/deployments/[0-9a-f-]{36}$"));
            await Assertions.Expect(deployment.Name).ToHaveTextAsync(project);
            await Assertions.Expect(deployment.Status).ToHaveTextAsync("running");
            await Assertions.Expect(deployment.Revision).ToHaveTextAsync("1");
            await Assertions.Expect(deployment.ServiceRow("app").GetByTestId("service-state")).ToHaveTextAsync("running");
            await deployment.OpenTabAsync("Values");
            await Assertions.Expect(deployment.Variable("NOTE")).ToHaveValueAsync("adopted");
            Assert.Equal(before, (await docker.DockerAsync(["ps", "-q", "--no-trunc", "--filter", $"label=com.docker.compose.project={project}"])).Trim());

            // Listed again, the project is now managed and cannot be picked.
            await GoToAsync(page, "/deployments");
            await adopt.OpenAsync();
            await adopt.PickTargetAsync("local");
            await Assertions.Expect(adopt.Project(project).GetByTestId("adopt-project-managed")).ToContainTextAsync("cannot be adopted");
            await Assertions.Expect(adopt.Project(project).GetByTestId("adopt-project-select")).ToHaveCountAsync(0);
            Assert.Empty(errors);
        }
        catch
        {
            output.WriteLine("App output:\n" + app.Output);
            throw;
        }
        finally
        {
            await docker.ComposeAsync(["-p", project, "-f", file, "down", "-t", "1"], throwOnFailure: false);
            directory.Delete(recursive: true);
            File.Delete(silentPath);
        }
    }

    // The compose file docker-compose starts, and (with the placeholder) the stack that describes it.
    private const string IdleTemplate = """
        services:
          app:
            image: windflow-test/busybox:latest
            network_mode: host
            stop_grace_period: 1s
            environment:
              NOTE: "{{NOTE}}"
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
        """;

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

    // When the steps fail, the server's output says what it saw; the project is removed from the engine either way.
    private async Task RunStepsAsync(AppProcess app, string project, Func<Task> steps)
    {
        try
        {
            await steps();
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

    // Two revisions so far: rolling back to the first one from the history makes revision 3, and it runs.
    private async Task RollBackToFirstRevisionAsync(DeploymentPage deployment, AppProcess app)
    {
        await deployment.OpenTabAsync("Revisions");
        await Assertions.Expect(deployment.RevisionRows).ToHaveCountAsync(2);
        await deployment.RollBackToAsync(1);
        await Assertions.Expect(deployment.Revision).ToHaveTextAsync("3", Slow);
        await ExpectRunSucceededAsync(deployment, app);
        await Assertions.Expect(deployment.Status).ToHaveTextAsync("running", Slow);
    }

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

    // Health checks that cannot pass end the update after this long, not after the default 2 minutes.
    private static Task<AppProcess> StartAppAsync() => AppProcess.StartAsync(new Dictionary<string, string>
    {
        ["WINDFLOW_ADMIN_USER"] = Admin,
        ["WINDFLOW_ADMIN_PASSWORD"] = Password,
        ["Docker__AutoRegisterLocal"] = "false",
        ["Deployments__HealthTimeout"] = "00:00:30",
    });

    // A numeric field takes its value when it loses focus.
    private static async Task FillNumberAsync(IPage page, string variable, int value)
    {
        var input = VariableFields.Input(page, variable);
        await input.FillAsync(value.ToString(CultureInfo.InvariantCulture));
        await input.PressAsync("Tab");
    }

    private static async Task<string> GetTextAsync(int port)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        return (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"))).Trim();
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(Admin, Password);
        await new Shell(page).WaitForCircuitAsync();
    }

    private static async Task GoToAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await new Shell(page).WaitForCircuitAsync();
    }

    private static async Task<Guid> SendAsync(IPage page, HttpMethod method, string path, object body)
    {
        // The page's request context shares the signed-in cookie.
        var response = await page.APIRequest.FetchAsync(path, new()
        {
            Method = method.Method,
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
