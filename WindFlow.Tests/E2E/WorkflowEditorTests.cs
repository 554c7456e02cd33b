using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.E2E;

/// <summary>The workflow editor (x6 canvas island + Blazor side panel) driven with the mouse in real Chromium.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed partial class WorkflowEditorTests(BrowserFixture browser)
{
    [Fact]
    public async Task DrawConnectConfigure_ExportMatchesDrawingAndSaveAddsVersion()
    {
        await using var app = new WorkflowUiApp();
        var (context, page, errors) = await OpenEditorAsync(app);
        await using var _ = context;
        var editor = new WorkflowEditorScreen(page);

        await editor.DragFromPaletteAsync("trigger.manual", 120, 200);
        await editor.DragFromPaletteAsync("action.http", 480, 200);
        await Assertions.Expect(editor.Nodes).ToHaveCountAsync(2);
        await Assertions.Expect(editor.Node("manual1")).ToHaveCountAsync(1);
        await Assertions.Expect(editor.Node("http1")).ToHaveCountAsync(1);
        // A fresh HTTP node lacks its required method and URL: marked on the node before any save.
        await Assertions.Expect(editor.Node("http1")).ToHaveAttributeAsync("data-problem", "");
        await Assertions.Expect(editor.Node("manual1")).Not.ToHaveAttributeAsync("data-problem", "");

        // An input cannot be dragged to an input: only the output -> input edge is drawn.
        await editor.ConnectAsync("manual1", "out", "http1");
        await Assertions.Expect(editor.Edges).ToHaveCountAsync(1);

        await editor.SelectAsync("http1");
        await Assertions.Expect(page.GetByTestId("node-panel-id")).ToContainTextAsync("http1 · action.http");
        await DropDown.PickAsync(page.GetByTestId("var-method"), "GET");
        await VariableFields.Input(page, "url").FillAsync("http://127.0.0.1:8080/api/health");
        await VariableFields.Input(page, "url").BlurAsync();
        await page.GetByTestId("node-name").FillAsync("Health check");
        await page.GetByTestId("node-name").BlurAsync();
        await Assertions.Expect(editor.Node("http1")).Not.ToHaveAttributeAsync("data-problem", "");
        await Assertions.Expect(editor.Node("http1").Locator("text").First).ToHaveTextAsync("Health check");
        await Assertions.Expect(editor.Problems).ToHaveCountAsync(0);

        var exported = await editor.ExportAsync();
        Assert.Equal("e2e pipeline", (string?)exported["name"]);
        var nodes = exported["nodes"]!.AsArray();
        Assert.Equal(["manual1", "http1"], nodes.Select(n => (string)n!["id"]!));
        Assert.Equal(["trigger.manual", "action.http"], nodes.Select(n => (string)n!["type"]!));
        Assert.Equal("Health check", (string?)nodes[1]!["name"]);
        Assert.Equal("GET", (string?)nodes[1]!["config"]!["method"]);
        Assert.Equal("http://127.0.0.1:8080/api/health", (string?)nodes[1]!["config"]!["url"]);
        Assert.True((double)nodes[1]!["position"]!["x"]! > (double)nodes[0]!["position"]!["x"]!, "the HTTP node was dropped right of the trigger");
        var edge = Assert.Single(exported["edges"]!.AsArray())!.AsObject();
        Assert.Equal("""{"from":"manual1","to":"http1"}""", edge.ToJsonString());

        await page.GetByTestId("workflow-save").ClickAsync();
        await new Shell(page).WaitForUrlAsync(new Regex("/workflows/[0-9a-f-]{36}/edit$"));
        await editor.WaitReadyAsync();
        await Assertions.Expect(editor.Nodes).ToHaveCountAsync(2);
        await Assertions.Expect(editor.Edges).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("workflow-version")).ToContainTextAsync("v1");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task UndoRedoCopyPaste_CanvasAndModelAgree()
    {
        await using var app = new WorkflowUiApp();
        var (context, page, errors) = await OpenEditorAsync(app);
        await using var _ = context;
        var editor = new WorkflowEditorScreen(page);

        await editor.DragFromPaletteAsync("trigger.manual", 120, 150);
        await editor.DragFromPaletteAsync("action.delay", 450, 150);
        await editor.ConnectAsync("manual1", "out", "delay1");
        await Assertions.Expect(editor.Edges).ToHaveCountAsync(1);

        // Undo the edge, then the drop of the delay node; redo both.
        await editor.PressAsync("Control+z");
        await Assertions.Expect(editor.Edges).ToHaveCountAsync(0);
        await editor.PressAsync("Control+z");
        await Assertions.Expect(editor.Nodes).ToHaveCountAsync(1);
        Assert.Equal(["manual1"], NodeIds(await editor.ExportAsync()));
        await editor.PressAsync("Control+y");
        await editor.PressAsync("Control+y");
        await Assertions.Expect(editor.Edges).ToHaveCountAsync(1);
        var redone = await editor.ExportAsync();
        Assert.Equal(["manual1", "delay1"], NodeIds(redone));
        Assert.Single(redone["edges"]!.AsArray());

        // A move reaches the model when it ends (the drag itself stays in the browser).
        var before = (double)redone["nodes"]![1]!["position"]!["x"]!;
        await editor.MoveAsync("delay1", 150, 0);
        await Assertions.Expect(page.GetByTestId("workflow-dirty")).ToBeVisibleAsync();
        var moved = await editor.ExportAsync();
        Assert.True((double)moved["nodes"]![1]!["position"]!["x"]! > before + 50, $"delay1 moved right of {before}: {moved}");

        // Copy/paste makes a new node with a fresh id and the same settings.
        await editor.SelectAsync("delay1");
        await VariableFields.Input(page, "seconds").FillAsync("7");
        await VariableFields.Input(page, "seconds").BlurAsync();
        await editor.SelectAsync("delay1");
        await editor.PressAsync("Control+c");
        await editor.PressAsync("Control+v");
        await Assertions.Expect(editor.Nodes).ToHaveCountAsync(3);
        var pasted = await editor.ExportAsync();
        Assert.Equal(["manual1", "delay1", "delay2"], NodeIds(pasted));
        Assert.Equal(7, (double)pasted["nodes"]![2]!["config"]!["seconds"]!);

        // Delete removes the selection (the pasted node is selected after a paste).
        await editor.PressAsync("Delete");
        await Assertions.Expect(editor.Nodes).ToHaveCountAsync(2);
        Assert.Equal(["manual1", "delay1"], NodeIds(await editor.ExportAsync()));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task NewFromTemplate_OpensTheTemplatesDrawingReadyToFill()
    {
        await using var app = new WorkflowUiApp();
        var (context, page, _) = await SignInAsync(app.BaseUrl);
        await using var __ = context;
        await page.GotoAsync("/workflows");
        await new Shell(page).WaitForCircuitAsync();

        await page.GetByTestId("new-workflow").Locator(".rz-splitbutton-menubutton").ClickAsync();
        await page.GetByText("From template: Staging → smoke test → approval → production").ClickAsync();

        // Blazor navigates in the page (history API): poll the address rather than wait for a load event.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workflows/new\\?template=staging-to-production$"));
        var editor = new WorkflowEditorScreen(page);
        await editor.WaitReadyAsync();
        await Assertions.Expect(editor.Nodes).ToHaveCountAsync(5);
        await Assertions.Expect(editor.Edges).ToHaveCountAsync(4);
        await Assertions.Expect(editor.Node("approve")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("workflow-name")).ToHaveValueAsync("Staging → smoke test → approval → production");
        // Valid as shipped: its settings are expressions over the run's input.
        await Assertions.Expect(editor.Problems).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ScheduleTrigger_CronAndZoneTyped_PanelShowsNextThreeFireTimes()
    {
        await using var app = new WorkflowUiApp();
        var (context, page, errors) = await OpenEditorAsync(app);
        await using var _ = context;
        var editor = new WorkflowEditorScreen(page);
        await editor.DragFromPaletteAsync("trigger.schedule", 120, 200);
        await editor.SelectAsync("schedule1");
        var times = page.GetByTestId("schedule-next-time");
        await Assertions.Expect(page.GetByTestId("schedule-next-none")).ToBeVisibleAsync();

        await VariableFields.Input(page, "cron").FillAsync("0/2 * * * * ?");
        await VariableFields.Input(page, "cron").BlurAsync();
        await VariableFields.Input(page, "timeZone").FillAsync("UTC");
        await VariableFields.Input(page, "timeZone").BlurAsync();
        await Assertions.Expect(times).ToHaveCountAsync(3);
        foreach (var text in await times.AllTextContentsAsync())
        {
            Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d[02468] \+00:00$", text.Trim());
        }

        // Weekdays at 09:30 in Paris: shown at Paris time, with that day's offset.
        await VariableFields.Input(page, "cron").FillAsync("30 9 * * 1-5");
        await VariableFields.Input(page, "cron").BlurAsync();
        await VariableFields.Input(page, "timeZone").FillAsync("Europe/Paris");
        await VariableFields.Input(page, "timeZone").BlurAsync();
        // Waits for Paris' offset: with the new cron and the old zone the panel briefly shows 09:30 UTC.
        await Assertions.Expect(times.First).ToContainTextAsync(new Regex(@" 09:30:00 \+0[12]:00"));
        var paris = await times.AllTextContentsAsync();
        Assert.Equal(3, paris.Count);
        Assert.All(paris, t => Assert.Matches(@"^\d{4}-\d\d-\d\d 09:30:00 \+0[12]:00$", t.Trim()));
        Assert.Equal(3, paris.Distinct().Count());

        await VariableFields.Input(page, "cron").FillAsync("every day");
        await VariableFields.Input(page, "cron").BlurAsync();
        await Assertions.Expect(page.GetByTestId("schedule-next-none")).ToBeVisibleAsync();
        await Assertions.Expect(times).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task WebhookTrigger_SavedWorkflow_PanelCreatesUrlShownOnceThatStartsRuns()
    {
        // The real workflow services: the URL the panel shows must start a real run.
        await using var app = new KestrelWindFlowApp();
        using var api = await app.CreateApiClientAsync();
        var id = await WorkflowApi.CreateAsync(api, WorkflowApi.Workflow(
            Web.TargetApiTests.UniqueName("hook-ui"),
            [
                new { id = "w", type = "trigger.webhook", position = new { x = 100, y = 200 }, config = new { } },
                new { id = "s", type = "logic.set", position = new { x = 500, y = 200 }, config = new { values = new { tag = "{{ trigger.body.tag }}" } } },
            ],
            [new { from = "w", to = "s" }]));
        var baseUrl = app.BaseAddress.ToString().TrimEnd('/');
        var (context, page, errors) = await SignInAsync(baseUrl);
        await using var _ = context;
        await page.GotoAsync($"/workflows/{id}/edit");
        await new Shell(page).WaitForCircuitAsync();
        var editor = new WorkflowEditorScreen(page);
        await editor.WaitReadyAsync();
        await editor.SelectAsync("w");
        await Assertions.Expect(page.GetByTestId("webhook-url")).ToHaveCountAsync(0);
        await page.GetByTestId("webhook-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-url")).ToHaveValueAsync(new Regex("/api/v1/hooks/wf_wh_[0-9a-f]{64}$"));
        var first = await page.GetByTestId("webhook-url").InputValueAsync();
        Assert.StartsWith(baseUrl + "/api/v1/hooks/wf_wh_", first);

        using var anonymous = new HttpClient();
        using (var started = await anonymous.PostAsync(first, new StringContent("""{"tag": "from-ui"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            var runId = (await ApiAssertions.AssertJsonAsync(started, System.Net.HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
            var run = await WorkflowApi.WaitFinishedAsync(api, runId);
            Assert.Equal("succeeded", run.GetProperty("status").GetString());
            Assert.Equal("webhook", run.GetProperty("trigger").GetProperty("type").GetString());
            Assert.Equal("from-ui", run.GetProperty("vars").GetProperty("tag").GetString());
        }

        // Shown once: selecting another node and coming back does not show it again.
        await editor.SelectAsync("s");
        await editor.SelectAsync("w");
        await Assertions.Expect(page.GetByTestId("webhook-url")).ToHaveCountAsync(0);

        // A new URL retires the first.
        await page.GetByTestId("webhook-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-url")).Not.ToHaveValueAsync(first);
        await Assertions.Expect(page.GetByTestId("webhook-url")).ToHaveValueAsync(new Regex("/api/v1/hooks/wf_wh_[0-9a-f]{64}$"));
        using (var retired = await anonymous.PostAsync(first, new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, retired.StatusCode);
        }

        // Unsaved, there is nothing to point a URL at.
        await page.GotoAsync("/workflows/new");
        await new Shell(page).WaitForCircuitAsync();
        await editor.WaitReadyAsync();
        await editor.DragFromPaletteAsync("trigger.webhook", 120, 200);
        await editor.SelectAsync("webhook1");
        await Assertions.Expect(page.GetByTestId("webhook-save-first")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("webhook-create")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task WorkflowsList_AdminDisablesAndEnables_ConfirmsForAutomaticTriggersAndViewerHasNoToggle()
    {
        // The real workflow services: the toggle must change what the API and the scheduler read.
        await using var app = new KestrelWindFlowApp();
        using var api = await app.CreateApiClientAsync();
        var scheduledName = Web.TargetApiTests.UniqueName("nightly");
        var scheduled = await WorkflowApi.CreateAsync(api, WorkflowApi.Workflow(
            scheduledName,
            [new { id = "s", type = "trigger.schedule", config = new { cron = "0 3 * * *" } }, WorkflowApi.Delay("d", 0)],
            [new { from = "s", to = "d" }]));
        var manualName = Web.TargetApiTests.UniqueName("by-hand");
        var manual = await WorkflowApi.CreateAsync(api, WorkflowApi.Workflow(manualName, [WorkflowApi.Manual("m"), WorkflowApi.Delay("d", 0)], [new { from = "m", to = "d" }]));
        var (context, page, errors) = await SignInAsync(app.BaseAddress.ToString().TrimEnd('/'));
        await using var _ = context;
        await page.GotoAsync("/workflows");
        await new Shell(page).WaitForCircuitAsync();
        var scheduledRow = page.GetByTestId("workflow-row").Filter(new() { HasText = scheduledName });
        var manualRow = page.GetByTestId("workflow-row").Filter(new() { HasText = manualName });
        await Assertions.Expect(scheduledRow.GetByTestId("workflow-enabled")).ToHaveTextAsync("enabled");

        // Disabling a scheduled workflow asks first, saying what stops; keeping it changes nothing.
        var dialog = page.Locator(".rz-dialog");
        await scheduledRow.GetByTestId("workflow-toggle").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Its schedule triggers stop firing");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep enabled", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(scheduledRow.GetByTestId("workflow-enabled")).ToHaveTextAsync("enabled");
        Assert.True(await EnabledAsync(api, scheduled));

        await scheduledRow.GetByTestId("workflow-toggle").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disable", Exact = true }).ClickAsync();
        await Assertions.Expect(scheduledRow.GetByTestId("workflow-enabled")).ToHaveTextAsync("disabled");
        Assert.False(await EnabledAsync(api, scheduled));

        // Enabling, and disabling a workflow only a person starts, need no confirmation.
        await scheduledRow.GetByTestId("workflow-toggle").ClickAsync();
        await Assertions.Expect(scheduledRow.GetByTestId("workflow-enabled")).ToHaveTextAsync("enabled");
        Assert.True(await EnabledAsync(api, scheduled));
        await manualRow.GetByTestId("workflow-toggle").ClickAsync();
        await Assertions.Expect(manualRow.GetByTestId("workflow-enabled")).ToHaveTextAsync("disabled");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.False(await EnabledAsync(api, manual));
        Assert.Empty(errors);

        // A viewer sees the state but has no toggle.
        var viewer = await app.CreateMemberAsync(WindFlow.Core.Organizations.Organization.DefaultId.ToString(), "viewer");
        var (viewerContext, viewerPage, _) = await browser.NewPageAsync(app.BaseAddress.ToString().TrimEnd('/'));
        await using var __ = viewerContext;
        await viewerPage.GotoAsync("/login");
        await new LoginPage(viewerPage).SignInAsync(viewer, WindFlowAppFactory.DefaultAdminPassword);
        await new Shell(viewerPage).WaitForCircuitAsync();
        await viewerPage.GotoAsync("/workflows");
        await new Shell(viewerPage).WaitForCircuitAsync();
        var viewerRow = viewerPage.GetByTestId("workflow-row").Filter(new() { HasText = manualName });
        await Assertions.Expect(viewerRow.GetByTestId("workflow-enabled")).ToHaveTextAsync("disabled");
        await Assertions.Expect(viewerPage.GetByTestId("workflow-toggle")).ToHaveCountAsync(0);
    }

    private static async Task<bool> EnabledAsync(HttpClient api, string workflowId)
    {
        using var response = await api.GetAsync($"/api/v1/workflows/{workflowId}");
        return (await ApiAssertions.AssertJsonAsync(response, System.Net.HttpStatusCode.OK)).GetProperty("enabled").GetBoolean();
    }

    private static IEnumerable<string> NodeIds(JsonObject document) => document["nodes"]!.AsArray().Select(n => (string)n!["id"]!);

    private async Task<(IBrowserContext, IPage, List<string>)> SignInAsync(string baseUrl)
    {
        var (context, page, errors) = await browser.NewPageAsync(baseUrl);
        context.SetDefaultTimeout(30_000);
        await page.SetViewportSizeAsync(1600, 1000);
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(WindFlowAppFactory.DefaultAdminUserName, WindFlowAppFactory.DefaultAdminPassword);
        await new Shell(page).WaitForCircuitAsync();
        return (context, page, errors);
    }

    private async Task<(IBrowserContext, IPage, List<string>)> OpenEditorAsync(WorkflowUiApp app)
    {
        var (context, page, errors) = await SignInAsync(app.BaseUrl);
        await page.GotoAsync("/workflows/new");
        await new Shell(page).WaitForCircuitAsync();
        var editor = new WorkflowEditorScreen(page);
        await editor.WaitReadyAsync();
        await page.GetByTestId("workflow-name").FillAsync("e2e pipeline");
        await page.GetByTestId("workflow-name").BlurAsync();
        return (context, page, errors);
    }
}
