using System.Diagnostics;
using Microsoft.Playwright;
using WindFlow.Tests.TestSupport;
using Xunit.Abstractions;

namespace WindFlow.Tests.E2E;

/// <summary>The Docker screens in real Chromium against the real (private) engine.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "E2E")]
public sealed class DockerUiTests(DockerEngine docker, SshServer ssh, ITestOutputHelper output) : OwnBrowserTests, IClassFixture<SshServer>
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ssh.StartAsync(docker.Endpoint);
    }

    [Fact]
    public async Task RegisterTarget_ContainerStartedOutside_AppearsLiveShowsLogsAndStops()
    {
        await using var app = await StartAppAsync();
        var (context, page, errors) = await Browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        var targets = await OpenTargetsAsync(page);
        await targets.AddAsync("local-e2e", docker.Endpoint);
        // Adding tests the connection and shows what the engine said.
        await Assertions.Expect(targets.EngineInfo).ToContainTextAsync("Docker ");
        await Screenshot(page, "targets-engine-info");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(targets.Row("local-e2e").GetByTestId("target-status")).ToHaveTextAsync("online");

        // The target's own page lists what its engine holds.
        await targets.Row("local-e2e").GetByRole(AriaRole.Link, new() { Name = "local-e2e" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("target-title")).ToHaveTextAsync("local-e2e");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Images" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("image-row").Filter(new() { HasText = DockerEngine.TestImage })).ToBeVisibleAsync();
        await Screenshot(page, "target-images");

        await page.GotoAsync("/containers");
        await new Shell(page).WaitForCircuitAsync();
        var containers = new ContainersPage(page);
        await Assertions.Expect(containers.Count).ToContainTextAsync("containers");

        // Started with the CLI, not through WindFlow: the page learns of it from the engine's events.
        var name = "wf-e2e-" + Guid.NewGuid().ToString("N")[..8];
        var started = Stopwatch.StartNew();
        var id = (await docker.DockerAsync(
        [
            "run", "-d", "--network", "none", "--name", name, "-e", "API_TOKEN=hunter2-secret", DockerEngine.TestImage,
            "sh", "-c", "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo \"hello-e2e $i\"; echo \"oops $i\" >&2; sleep 0.2 & wait $!; done",
        ])).Trim();
        try
        {
            await Assertions.Expect(containers.Row(name)).ToBeVisibleAsync(new() { Timeout = 5_000 });
            output.WriteLine($"Container started outside WindFlow appeared in the list {started.ElapsedMilliseconds} ms after `docker run` was invoked.");
            await Assertions.Expect(containers.Row(name).GetByTestId("container-state")).ToHaveTextAsync("running");
            await Screenshot(page, "containers");

            await containers.OpenAsync(name);
            var container = new ContainerPage(page);
            await Assertions.Expect(container.Name).ToHaveTextAsync(name);
            await Assertions.Expect(container.LogLines.Filter(new() { HasText = "hello-e2e" }).First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".wf-stderr").Filter(new() { HasText = "oops" }).First).ToBeVisibleAsync();
            // New lines keep arriving while the page stays open.
            var before = long.Parse(await container.LogLineCount.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            await Assertions.Expect(container.LogLineCount).Not.ToHaveTextAsync(before.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Screenshot(page, "container-logs");

            await container.StopAsync();
            await Assertions.Expect(container.State).ToHaveTextAsync("exited", new() { Timeout = 20_000 });
            Assert.Equal("false", (await docker.DockerAsync(["inspect", "-f", "{{.State.Running}}", id])).Trim());
            await Assertions.Expect(container.LogStatus).ToContainTextAsync("stopped");

            // Started again from the command line: the open viewer picks the log up again by itself.
            var stoppedAt = await container.LogLineCount.InnerTextAsync();
            await docker.DockerAsync(["start", id]);
            await Assertions.Expect(container.State).ToHaveTextAsync("running");
            await Assertions.Expect(container.LogStatus).ToHaveCountAsync(0);
            await Assertions.Expect(container.LogLineCount).Not.ToHaveTextAsync(stoppedAt);

            await container.OpenTabAsync("Inspect");
            await Assertions.Expect(container.Environment).ToContainTextAsync("API_TOKEN=••••••");
            await Assertions.Expect(container.Environment).Not.ToContainTextAsync("hunter2");
            Assert.Empty(errors);
        }
        finally
        {
            await docker.RemoveContainerAsync(id);
        }
    }

    [Fact]
    public async Task RegisterSshTarget_ThroughTheForm_IsOnlineListsContainersAndNeverShowsTheKey()
    {
        await using var app = await StartAppAsync();
        var id = await docker.RunContainerAsync("trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done");
        var (context, page, errors) = await Browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        var targets = await OpenTargetsAsync(page);

        await targets.AddSshAsync("over-ssh", ssh.Endpoint, ssh.ClientKey);

        // Over SSH the test connection starts an ssh process and a remote dial-stdio: on a loaded 2-core
        // machine that alone can pass 5 s (one clean-clone run saw it); the product allows 10 s per test.
        await Assertions.Expect(targets.EngineInfo).ToContainTextAsync("Docker ", new() { Timeout = 30_000 });
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(targets.Row("over-ssh").GetByTestId("target-status")).ToHaveTextAsync("online");
        // Editing shows every field but the key, which is write-only.
        await targets.Row("over-ssh").GetByTestId("edit-target").ClickAsync();
        await Assertions.Expect(page.GetByTestId("target-ssh-key")).ToHaveValueAsync("");
        Assert.DoesNotContain("PRIVATE KEY", await page.ContentAsync(), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");

        await page.GotoAsync("/containers");
        await new Shell(page).WaitForCircuitAsync();
        var name = (await docker.DockerAsync(["inspect", "-f", "{{.Name}}", id])).Trim().TrimStart('/');
        // The same slow ssh start as above: past the list's 5 s per-target wait the page keeps asking
        // and the row comes in late (one clean-clone run saw it), so this waits as long as the form does.
        await Assertions.Expect(new ContainersPage(page).Row(name)).ToContainTextAsync("over-ssh", new() { Timeout = 30_000 });
        Assert.Empty(errors);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task ContainersPage_TargetSlowerThanTheListWaits_ShownAsWaitingThenItsRowsComeIn()
    {
        // The global list gives each target 5 s; this link holds container lists back for 7 s.
        await using var link = SlowEngineLink.Start(docker.SocketPath, TimeSpan.FromSeconds(7));
        await using var app = await StartAppAsync();
        var id = await docker.RunContainerAsync("trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done");
        try
        {
            var (context, page, errors) = await Browser.NewPageAsync(app.BaseUrl);
            await using var _ = context;
            var targets = await OpenTargetsAsync(page);
            await targets.AddAsync("slow-link", link.Endpoint);
            await Assertions.Expect(targets.EngineInfo).ToContainTextAsync("Docker ");
            await page.Keyboard.PressAsync("Escape");

            await page.GotoAsync("/containers");
            await new Shell(page).WaitForCircuitAsync();
            var containers = new ContainersPage(page);
            var waiting = page.GetByTestId("containers-target-waiting");
            await Assertions.Expect(waiting).ToContainTextAsync("slow-link", new() { Timeout = 15_000 });
            await Assertions.Expect(waiting).ToContainTextAsync("did not answer within 5 seconds");
            await Screenshot(page, "containers-slow-target");

            // Asked again without the 5 s limit, the target's rows replace the notice.
            var name = (await docker.DockerAsync(["inspect", "-f", "{{.Name}}", id])).Trim().TrimStart('/');
            await Assertions.Expect(containers.Row(name)).ToContainTextAsync("slow-link", new() { Timeout = 20_000 });
            await Assertions.Expect(waiting).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("containers-target-failure")).ToHaveCountAsync(0);
            Assert.Empty(errors);
        }
        finally
        {
            await docker.RemoveContainerAsync(id);
        }
    }

    // Targets are registered through the form in these tests, never automatically.
    private static Task<AppProcess> StartAppAsync() => AppProcess.StartAsync(new Dictionary<string, string>
    {
        ["WINDFLOW_ADMIN_USER"] = Admin,
        ["WINDFLOW_ADMIN_PASSWORD"] = Password,
        ["Docker__AutoRegisterLocal"] = "false",
    });

    private static async Task<TargetsPage> OpenTargetsAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(Admin, Password);
        await new Shell(page).WaitForCircuitAsync();
        await page.GotoAsync("/targets");
        await new Shell(page).WaitForCircuitAsync();
        return new TargetsPage(page);
    }

    // Screenshots help a reviewer see the screens; they are written only when asked for.
    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("WINDFLOW_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
        }
    }
}
