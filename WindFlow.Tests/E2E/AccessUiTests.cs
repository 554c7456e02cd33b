using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using WindFlow.Core.Organizations;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.E2E;

/// <summary>What a viewer meets in the browser when a page action is refused by the permission table.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class AccessUiTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    [Fact]
    public async Task OperatorDemotedWhileEditorOpen_ClicksRun_SeesTheRefusalAndThePageComesBack()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
            ["Docker__AutoRegisterLocal"] = "false",
        });
        using var admin = await DeploymentApi.SignedInClientAsync(app, Admin, Password);
        using (var created = await admin.PostAsJsonAsync("/api/v1/users", new { username = "vera", email = "vera@example.org", password = Password }))
        {
            await AssertJsonAsync(created, HttpStatusCode.Created);
        }

        string vera;
        using (var member = await admin.PostAsJsonAsync($"/api/v1/organizations/{Organization.DefaultId}/members", new { username = "vera", role = "operator" }))
        {
            vera = (await AssertJsonAsync(member, HttpStatusCode.Created)).GetProperty("userId").GetString()!;
        }

        using var saved = await admin.PostAsJsonAsync("/api/v1/workflows", new
        {
            name = "nightly",
            nodes = new object[] { new { id = "t", type = "trigger.manual", config = new { } }, new { id = "d", type = "action.delay", config = new { seconds = 0 } } },
            edges = new[] { new { from = "t", to = "d" } },
        });
        var workflow = (await AssertJsonAsync(saved, HttpStatusCode.Created)).GetProperty("id").GetString();

        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var __ = context;
        context.SetDefaultTimeout(30_000);
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync("vera", Password);
        var shell = new Shell(page);
        await shell.WaitForCircuitAsync();
        await page.GotoAsync($"/workflows/{workflow}/edit");
        await shell.WaitForCircuitAsync();
        // An operator runs the workflow but does not change it.
        await Assertions.Expect(page.GetByTestId("workflow-run")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("workflow-save")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("workflow-save-gate")).ToHaveAttributeAsync("title", "Saving needs the admin role.");

        // Demoted while the page is open: the button read the role when the page loaded, the service
        // reads it again on the click once the circuit's cached memberships expire (30 s, AccessGuard).
        using (var demoted = await admin.PutAsJsonAsync($"/api/v1/organizations/{Organization.DefaultId}/members/{vera}", new { role = "viewer" }))
        {
            await AssertJsonAsync(demoted, HttpStatusCode.OK);
        }

        await Task.Delay(TimeSpan.FromSeconds(31));
        await page.GetByTestId("workflow-run").ClickAsync();
        await page.GetByTestId("run-start").ClickAsync();

        await Assertions.Expect(page.GetByTestId("page-error")).ToContainTextAsync("Your role does not allow this");
        // The circuit lives on: the page comes back without a reload.
        await page.GetByTestId("page-error-back").ClickAsync();
        await Assertions.Expect(page.GetByTestId("workflow-run")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("page")).ToHaveAttributeAsync("data-circuit", "connected");
        using (var runs = await admin.GetAsync($"/api/v1/workflow-runs?workflowId={workflow}"))
        {
            Assert.Equal(0, (await AssertJsonAsync(runs, HttpStatusCode.OK)).GetArrayLength());
        }

        // Loaded as a viewer, the editor offers neither button and says which role each needs.
        await page.ReloadAsync();
        await shell.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("workflow-run")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("workflow-save")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("workflow-run-gate")).ToHaveAttributeAsync("title", "Running needs the operator role.");
        await Assertions.Expect(page.GetByTestId("workflow-save-gate")).ToHaveAttributeAsync("title", "Saving needs the admin role.");
    }

    [Fact]
    public async Task MemberOfTwoOrganisations_ImportsStackWithoutChoosingOne_DialogShowsTheRefusalAndTheCircuitLives()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
            ["Docker__AutoRegisterLocal"] = "false",
        });
        using (var admin = await DeploymentApi.SignedInClientAsync(app, Admin, Password))
        {
            using var beta = await admin.PostAsJsonAsync("/api/v1/organizations", new { name = "Beta", slug = "beta" });
            var betaId = (await AssertJsonAsync(beta, HttpStatusCode.Created)).GetProperty("id").GetString();
            using var created = await admin.PostAsJsonAsync("/api/v1/users", new { username = "ivan", password = Password });
            await AssertJsonAsync(created, HttpStatusCode.Created);
            using var adminOfDefault = await admin.PostAsJsonAsync($"/api/v1/organizations/{Organization.DefaultId}/members", new { username = "ivan", role = "admin" });
            await AssertJsonAsync(adminOfDefault, HttpStatusCode.Created);
            using var viewerOfBeta = await admin.PostAsJsonAsync($"/api/v1/organizations/{betaId}/members", new { username = "ivan", role = "viewer" });
            await AssertJsonAsync(viewerOfBeta, HttpStatusCode.Created);
        }

        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var __ = context;
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync("ivan", Password);
        var shell = new Shell(page);
        await shell.WaitForCircuitAsync();
        await page.GotoAsync("/stacks");
        await shell.WaitForCircuitAsync();

        // Admin in one organisation, so Import is offered; with none chosen the service cannot tell where the stack goes.
        await page.GetByTestId("import-stack").ClickAsync();
        await page.GetByTestId("import-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("dialog-error")).ToContainTextAsync("You belong to several organisations");
        await Assertions.Expect(page.GetByTestId("import-dialog")).ToHaveCountAsync(0);
        await page.GetByTestId("dialog-error-back").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dialog-error")).ToHaveCountAsync(0);
        // The circuit lives on: dialogs open again without a reload.
        await Assertions.Expect(page.GetByTestId("page")).ToHaveAttributeAsync("data-circuit", "connected");
        await page.GetByTestId("import-stack").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-dialog")).ToBeVisibleAsync();
    }
}
