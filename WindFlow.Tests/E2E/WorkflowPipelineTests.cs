using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WindFlow.Tests.TestSupport;
using Xunit.Abstractions;

namespace WindFlow.Tests.E2E;

/// <summary>
/// Issue #6's "done when": a person draws staging -> smoke test -> approval -> production with the
/// mouse, runs it, watches it and approves it in Chromium, against the real workflow services and
/// deployments on the real engine.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "E2E")]
public sealed class WorkflowPipelineTests(DockerEngine docker, ITestOutputHelper output) : OwnBrowserTests
{
    // A deploy on a loaded 2-core machine takes seconds; each wait ends as soon as its condition holds.
    private static readonly LocatorAssertionsToHaveAttributeOptions Slow = new() { Timeout = 120_000 };

    [Fact]
    public async Task DrawRunApprove_StagingThenProduction_BothDeployedAndGraphInApi()
    {
        await using var app = new KestrelWindFlowApp();
        using var api = await app.CreateApiClientAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (staging, production) = ("stg-" + suffix, "prod-" + suffix);
        var (stagingPort, productionPort) = (TestTools.FreePort(), TestTools.FreePort());
        var stackName = "web " + suffix;
        var targetName = "local " + suffix;
        await Web.TargetApiTests.CreateAsync(api, new { name = targetName, endpoint = docker.Endpoint });
        // httpd on the host network: the smoke test reaches staging's /health on the port its values give.
        await DeploymentApi.CreateCheckedStackAsync(api, 8080, stackName);

        var (context, page, errors) = await Browser.NewPageAsync(app.BaseAddress.ToString().TrimEnd('/'));
        await using var _ = context;
        context.SetDefaultTimeout(30_000);
        try
        {
            await page.SetViewportSizeAsync(1600, 1000);
            await page.GotoAsync("/login");
            await new LoginPage(page).SignInAsync(WindFlowAppFactory.DefaultAdminUserName, WindFlowAppFactory.DefaultAdminPassword);
            await new Shell(page).WaitForCircuitAsync();
            await page.GotoAsync("/workflows/new");
            await new Shell(page).WaitForCircuitAsync();
            var editor = new WorkflowEditorScreen(page);
            await editor.WaitReadyAsync();
            await page.GetByTestId("workflow-name").FillAsync("release " + suffix);
            await page.GetByTestId("workflow-name").BlurAsync();

            // Drawn with the mouse: five nodes from the palette, four edges between ports.
            // Two columns zig-zag, so that every port stays inside the canvas next to the side panel.
            await editor.DragFromPaletteAsync("trigger.manual", 110, 90);
            await editor.DragFromPaletteAsync("action.deploy", 400, 90);
            await editor.DragFromPaletteAsync("action.http", 110, 250);
            await editor.DragFromPaletteAsync("action.approval", 400, 250);
            await editor.DragFromPaletteAsync("action.deploy", 110, 410);
            await Assertions.Expect(editor.Nodes).ToHaveCountAsync(5);
            await editor.ConnectAsync("manual1", "out", "deploy1");
            await editor.ConnectAsync("deploy1", "out", "http1");
            await editor.ConnectAsync("http1", "out", "approval1");
            await editor.ConnectAsync("approval1", "out", "deploy2");
            await Assertions.Expect(editor.Edges).ToHaveCountAsync(4);

            // Configured in the side panel: stack and target are picked by name.
            await ConfigureDeployAsync(page, editor, "deploy1", "Deploy staging", stackName, targetName, staging, stagingPort);
            await editor.SelectAsync("http1");
            await page.GetByTestId("node-name").FillAsync("Smoke test");
            await page.GetByTestId("node-name").BlurAsync();
            await DropDown.PickAsync(page.GetByTestId("var-method"), "GET");
            await FillAsync(VariableFields.Input(page, "url"), $"http://127.0.0.1:{stagingPort}/health");
            await FillAsync(VariableFields.Input(page, "expectedStatus"), "200");
            await editor.SelectAsync("approval1");
            await FillAsync(page.GetByTestId("var-message"), "Staging answered. Ship to production?");
            await ConfigureDeployAsync(page, editor, "deploy2", "Deploy production", stackName, targetName, production, productionPort);
            await Assertions.Expect(editor.Problems).ToHaveCountAsync(0);

            await page.GetByTestId("workflow-save").ClickAsync();
            await new Shell(page).WaitForUrlAsync(new Regex("/workflows/[0-9a-f-]{36}/edit$"));
            var workflowId = Regex.Match(page.Url, "/workflows/([0-9a-f-]{36})/edit$").Groups[1].Value;
            await editor.WaitReadyAsync();
            await Assertions.Expect(page.GetByTestId("workflow-version")).ToContainTextAsync("v1");

            // Run from the editor and watch the colours follow the engine on the run view.
            var clock = Stopwatch.StartNew();
            await page.GetByTestId("workflow-run").ClickAsync();
            await page.GetByTestId("run-start").ClickAsync();
            await new Shell(page).WaitForUrlAsync(new Regex("/workflow-runs/[0-9a-f-]{36}$"));
            await new Shell(page).WaitForCircuitAsync();
            await editor.WaitReadyAsync();
            await Assertions.Expect(editor.Node("deploy1")).ToHaveAttributeAsync("data-status", "running", Slow);
            var toFirstRunning = clock.Elapsed;
            await Assertions.Expect(editor.Node("manual1")).ToHaveAttributeAsync("data-status", "succeeded");
            await Assertions.Expect(editor.Node("deploy2")).ToHaveAttributeAsync("data-status", "pending");
            await Assertions.Expect(editor.Node("deploy1")).ToHaveAttributeAsync("data-status", "succeeded", Slow);
            await Assertions.Expect(editor.Node("http1")).ToHaveAttributeAsync("data-status", "succeeded", Slow);
            await Assertions.Expect(editor.Node("approval1")).ToHaveAttributeAsync("data-status", "waitingForApproval", Slow);
            // Production waits for the person: nothing of it exists on the engine yet.
            await Assertions.Expect(editor.Node("deploy2")).ToHaveAttributeAsync("data-status", "pending");
            Assert.Equal("", await ContainersAsync(production));

            await editor.Node("approval1").Locator("text").First.ClickAsync(new() { Force = true });
            await page.GetByTestId("node-approve").ClickAsync();
            await Assertions.Expect(editor.Node("approval1")).ToHaveAttributeAsync("data-status", "succeeded");
            await Assertions.Expect(editor.Node("deploy2")).ToHaveAttributeAsync("data-status", "succeeded", Slow);
            await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
            var total = clock.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run click -> staging node running on the run view: {toFirstRunning.TotalMilliseconds:F0} ms"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run click -> run succeeded on the run view (includes the approval click): {total.TotalMilliseconds:F0} ms"));

            // The engine: both deployments exist and their containers run and answer.
            await ExpectDeployedAsync(api, staging, stagingPort);
            await ExpectDeployedAsync(api, production, productionPort);

            // The same workflow through the API: the graph drawn in the browser.
            using var response = await api.GetAsync($"/api/v1/workflows/{workflowId}");
            var workflow = await ApiAssertions.AssertJsonAsync(response, HttpStatusCode.OK);
            var nodes = workflow.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
            Assert.Equal(
                ["manual1:trigger.manual", "deploy1:action.deploy", "http1:action.http", "approval1:action.approval", "deploy2:action.deploy"],
                nodes.Values.Select(n => $"{n.GetProperty("id").GetString()}:{n.GetProperty("type").GetString()}"));
            Assert.Equal(
                ["manual1->deploy1", "deploy1->http1", "http1->approval1", "approval1->deploy2"],
                workflow.GetProperty("edges").EnumerateArray().Select(e => $"{e.GetProperty("from").GetString()}->{e.GetProperty("to").GetString()}"));
            Assert.Equal(staging, Config(nodes["deploy1"], "name"));
            Assert.Equal(production, Config(nodes["deploy2"], "name"));
            Assert.Equal($"http://127.0.0.1:{stagingPort}/health", Config(nodes["http1"], "url"));
            Assert.Equal("Deploy production", nodes["deploy2"].GetProperty("name").GetString());
            Assert.Empty(errors);
        }
        finally
        {
            await RemoveAsync(api, staging);
            await RemoveAsync(api, production);
        }
    }

    private static async Task ConfigureDeployAsync(IPage page, WorkflowEditorScreen editor, string node, string label, string stack, string target, string name, int port)
    {
        await editor.SelectAsync(node);
        await Assertions.Expect(page.GetByTestId("node-panel-id")).ToContainTextAsync($"{node} · action.deploy");
        await page.GetByTestId("node-name").FillAsync(label);
        await page.GetByTestId("node-name").BlurAsync();
        await DropDown.PickAsync(page.GetByTestId("node-ref-stackId"), stack);
        await DropDown.PickAsync(page.GetByTestId("node-ref-targetId"), target);
        await FillAsync(VariableFields.Input(page, "name"), name);
        await FillAsync(page.GetByTestId("var-values"), $$"""{"PORT": {{port}}}""");
        await Assertions.Expect(editor.Node(node)).Not.ToHaveAttributeAsync("data-problem", "");
    }

    private static async Task FillAsync(ILocator field, string value)
    {
        await field.FillAsync(value);
        await field.BlurAsync();
        await Assertions.Expect(field).ToHaveValueAsync(value);
    }

    private static string? Config(JsonElement node, string setting) => node.GetProperty("config").GetProperty(setting).GetString();

    // The deployment of that name through the API, its one container running on the engine, and its page answering on its port.
    private async Task ExpectDeployedAsync(HttpClient api, string name, int port)
    {
        var deployment = await DeploymentByNameAsync(api, name);
        Assert.NotNull(deployment);
        Assert.Equal("running", deployment.Value.GetProperty("status").GetString());
        var id = Assert.Single((await ContainersAsync(name)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("true", (await docker.DockerAsync(["inspect", "-f", "{{.State.Running}}", id])).Trim());
        using var http = new HttpClient();
        Assert.Equal("ok", (await http.GetStringAsync($"http://127.0.0.1:{port}/health")).Trim());
    }

    private static async Task<JsonElement?> DeploymentByNameAsync(HttpClient api, string name)
    {
        using var response = await api.GetAsync("/api/v1/deployments");
        var list = await ApiAssertions.AssertJsonAsync(response, HttpStatusCode.OK);
        foreach (var deployment in list.EnumerateArray().Where(d => d.GetProperty("name").GetString() == name))
        {
            return deployment;
        }

        return null;
    }

    private async Task<string> ContainersAsync(string project) =>
        (await docker.DockerAsync(["ps", "-q", "--filter", $"label=com.docker.compose.project={project}"])).Trim();

    // Removes what the run deployed through the API, then anything the engine still holds for the project.
    private async Task RemoveAsync(HttpClient api, string name)
    {
        if (await DeploymentByNameAsync(api, name) is { } deployment)
        {
            var id = deployment.GetProperty("id").GetString();
            await DeploymentApi.WaitForRunAsync(api, await DeploymentApi.ActAsync(api, HttpMethod.Delete, $"/api/v1/deployments/{id}"));
        }

        var left = (await docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={name}"], throwOnFailure: false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var container in left)
        {
            await docker.RemoveContainerAsync(container);
        }

        output.WriteLine($"Removed deployment {name} ({left.Length} containers were left after its removal).");
    }
}
