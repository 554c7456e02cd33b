using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.E2E;

/// <summary>The run view in Chromium: node colours follow WorkflowBus live, and an approval is decided on the canvas.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class WorkflowRunViewTests(BrowserFixture browser)
{
    [Fact]
    public async Task RunView_NodeChangesOnBus_ColoursLiveAndApproveSucceedsTheNode()
    {
        await using var app = new WorkflowUiApp();
        var run = await StartAsync(
            app,
            [new WorkflowNode("ok", "action.approval") { Position = new NodePosition(250, 0), Config = new JsonObject { ["message"] = "Go?" } }],
            new JsonObject { ["tag"] = "1.2" });

        var (context, page, errors) = await browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        context.SetDefaultTimeout(30_000);
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(WindFlowAppFactory.DefaultAdminUserName, WindFlowAppFactory.DefaultAdminPassword);
        await new Shell(page).WaitForCircuitAsync();
        await page.GotoAsync($"/workflow-runs/{run.Id}");
        await new Shell(page).WaitForCircuitAsync();
        var canvas = new WorkflowEditorScreen(page);
        await canvas.WaitReadyAsync();
        await Assertions.Expect(canvas.Node("t")).ToHaveAttributeAsync("data-status", "pending");

        app.Runs.SetNode(run.Id, new NodeRun("t", NodeRunStatus.Succeeded) { Output = new JsonObject { ["tag"] = "1.2" } }, WorkflowRunStatus.Running);
        app.Runs.SetNode(run.Id, new NodeRun("ok", NodeRunStatus.WaitingForApproval), WorkflowRunStatus.Running);
        await Assertions.Expect(canvas.Node("t")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(canvas.Node("ok")).ToHaveAttributeAsync("data-status", "waitingForApproval");

        await canvas.Node("t").Locator("text").First.ClickAsync(new() { Force = true });
        await Assertions.Expect(page.GetByTestId("node-run-output")).ToHaveTextAsync("""{"tag":"1.2"}""");

        await canvas.Node("ok").Locator("text").First.ClickAsync(new() { Force = true });
        await page.GetByTestId("node-approve").ClickAsync();
        await Assertions.Expect(canvas.Node("ok")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(page.GetByTestId("node-approve")).ToHaveCountAsync(0);

        // The global list filters by status.
        await page.GotoAsync("/workflow-runs");
        await new Shell(page).WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("run-row")).ToHaveCountAsync(1);
        await DropDown.PickAsync(page.GetByTestId("run-status-filter"), "Failed");
        await Assertions.Expect(page.GetByTestId("run-row")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task RunView_ApprovalsAndCancel_ShownOnlyToTheRolesThatMayUseThem()
    {
        await using var app = new WorkflowUiApp();
        var run = await StartAsync(
            app,
            [
                new WorkflowNode("ops", "action.approval") { Position = new NodePosition(250, 0), Config = new JsonObject { ["message"] = "Go?" } },
                new WorkflowNode("boss", "action.approval") { Position = new NodePosition(250, 150), Config = new JsonObject { ["message"] = "Really?", ["approverRole"] = "Admin" } },
            ],
            null);
        app.Runs.SetNode(run.Id, new NodeRun("t", NodeRunStatus.Succeeded), WorkflowRunStatus.Running);
        app.Runs.SetNode(run.Id, new NodeRun("ops", NodeRunStatus.WaitingForApproval), WorkflowRunStatus.Running);
        app.Runs.SetNode(run.Id, new NodeRun("boss", NodeRunStatus.WaitingForApproval), WorkflowRunStatus.Running);
        var organization = WindFlow.Core.Organizations.Organization.DefaultId.ToString();

        // An operator decides on a plain approval and cancels, but not on the one that asks for an admin.
        var (operatorContext, operatorPage, operatorErrors) = await OpenRunAsync(app, await app.CreateMemberAsync(organization, "operator"), run.Id);
        await using (operatorContext)
        {
            var canvas = new WorkflowEditorScreen(operatorPage);
            await Assertions.Expect(operatorPage.GetByTestId("run-cancel")).ToBeVisibleAsync();
            await canvas.Node("ops").Locator("text").First.ClickAsync(new() { Force = true });
            await Assertions.Expect(operatorPage.GetByTestId("node-approve")).ToBeVisibleAsync();
            await Assertions.Expect(operatorPage.GetByTestId("node-reject")).ToBeVisibleAsync();
            await canvas.Node("boss").Locator("text").First.ClickAsync(new() { Force = true });
            await Assertions.Expect(operatorPage.GetByTestId("node-run-title")).ToHaveTextAsync("boss");
            await Assertions.Expect(operatorPage.GetByTestId("node-approve")).ToHaveCountAsync(0);
            await Assertions.Expect(operatorPage.GetByTestId("node-reject")).ToHaveCountAsync(0);
            await Assertions.Expect(operatorPage.GetByTestId("node-approval-role")).ToContainTextAsync("Admin role");
            Assert.Empty(operatorErrors);
        }

        // A viewer watches: no decision, no cancel.
        var (viewerContext, viewerPage, viewerErrors) = await OpenRunAsync(app, await app.CreateMemberAsync(organization, "viewer"), run.Id);
        await using (viewerContext)
        {
            var canvas = new WorkflowEditorScreen(viewerPage);
            await Assertions.Expect(canvas.Node("ops")).ToHaveAttributeAsync("data-status", "waitingForApproval");
            await Assertions.Expect(viewerPage.GetByTestId("run-status")).ToHaveTextAsync("Running");
            await Assertions.Expect(viewerPage.GetByTestId("run-cancel")).ToHaveCountAsync(0);
            await canvas.Node("ops").Locator("text").First.ClickAsync(new() { Force = true });
            await Assertions.Expect(viewerPage.GetByTestId("node-run-title")).ToHaveTextAsync("ops");
            await Assertions.Expect(viewerPage.GetByTestId("node-approve")).ToHaveCountAsync(0);
            await Assertions.Expect(viewerPage.GetByTestId("node-approval-role")).ToContainTextAsync("Operator role");
            Assert.Empty(viewerErrors);
        }

        // The admin sees both decisions.
        var (adminContext, adminPage, _) = await OpenRunAsync(app, WindFlowAppFactory.DefaultAdminUserName, run.Id);
        await using (adminContext)
        {
            await new WorkflowEditorScreen(adminPage).Node("boss").Locator("text").First.ClickAsync(new() { Force = true });
            await Assertions.Expect(adminPage.GetByTestId("node-approve")).ToBeVisibleAsync();
        }
    }

    // A run of a manual trigger "t" followed by each of `steps`, started in the in-memory services.
    private static async Task<WorkflowRun> StartAsync(WorkflowUiApp app, WorkflowNode[] steps, JsonObject? input)
    {
        var workflows = (InMemoryWorkflowService)app.Services.GetService(typeof(IWorkflowService))!;
        var graph = new WorkflowGraph
        {
            Nodes = [new WorkflowNode("t", "trigger.manual") { Position = new NodePosition(0, 0) }, .. steps],
            Edges = [.. steps.Select(s => new WorkflowEdge("t", s.Id))],
        };
        var workflow = (await workflows.CreateAsync(new WorkflowDraft(Guid.NewGuid().ToString("N"), null, graph), "admin", default)).Value!;
        return (await app.Runs.StartAsync(workflow.Id, input, "admin", default)).Value!;
    }

    private async Task<(IBrowserContext, IPage, List<string>)> OpenRunAsync(WorkflowUiApp app, string user, Guid runId)
    {
        var (context, page, errors) = await browser.NewPageAsync(app.BaseUrl);
        context.SetDefaultTimeout(30_000);
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(user, WindFlowAppFactory.DefaultAdminPassword);
        await new Shell(page).WaitForCircuitAsync();
        await page.GotoAsync($"/workflow-runs/{runId}");
        await new Shell(page).WaitForCircuitAsync();
        await new WorkflowEditorScreen(page).WaitReadyAsync();
        return (context, page, errors);
    }
}
