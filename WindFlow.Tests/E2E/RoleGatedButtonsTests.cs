using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using WindFlow.Core.Organizations;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.E2E;

/// <summary>
/// The buttons of the target tabs and the stack pages follow the permission table the services
/// enforce: a viewer sees them disabled, naming the role needed; an admin sees them enabled.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class RoleGatedButtonsTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    [Fact]
    public async Task TargetTabsAndStackPages_ViewerSeesActionsDisabled_AdminEnabled()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
            ["Docker__AutoRegisterLocal"] = "false",
        });
        string target;
        string stack;
        using (var admin = await DeploymentApi.SignedInClientAsync(app, Admin, Password))
        {
            using (var created = await admin.PostAsJsonAsync("/api/v1/users", new { username = "walt", password = Password }))
            {
                await AssertJsonAsync(created, HttpStatusCode.Created);
            }

            using (var member = await admin.PostAsJsonAsync($"/api/v1/organizations/{Organization.DefaultId}/members", new { username = "walt", role = "viewer" }))
            {
                await AssertJsonAsync(member, HttpStatusCode.Created);
            }

            // Nothing listens there: the tabs say so, and their buttons are still drawn.
            target = await Web.TargetApiTests.CreateAsync(admin, new { name = "far-away", endpoint = "tcp://127.0.0.1:9" });
            var name = Web.TargetApiTests.UniqueName("gated");
            stack = await DeploymentApi.CreateStackAsync(admin, DeploymentApi.IdleStack, new Dictionary<string, object>(), name);
            // A second version, so that version 1 offers Restore.
            using var saved = await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/stacks/{stack}", new { name, template = DeploymentApi.IdleStack + "\n    init: true\n", variables = new Dictionary<string, object>() });
            await AssertJsonAsync(saved, HttpStatusCode.OK);
        }

        await ExpectButtonsAsync(app, "walt", target, stack, enabled: false);
        await ExpectButtonsAsync(app, Admin, target, stack, enabled: true);
    }

    private async Task ExpectButtonsAsync(AppProcess app, string user, string target, string stack, bool enabled)
    {
        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var __ = context;
        context.SetDefaultTimeout(30_000);
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(user, Password);
        var shell = new Shell(page);
        await shell.WaitForCircuitAsync();

        await page.GotoAsync($"/targets/{target}");
        await shell.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Images" }).ClickAsync();
        await page.GetByTestId("pull-image").FillAsync("nginx:1.27");
        await page.GetByTestId("pull-image").BlurAsync();
        await ExpectAsync(page.GetByTestId("pull-start"), enabled, "operator");
        await ExpectAsync(page.GetByTestId("images-prune"), enabled, "admin");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Volumes" }).ClickAsync();
        await page.GetByTestId("volume-name").FillAsync("data");
        await page.GetByTestId("volume-name").BlurAsync();
        await ExpectAsync(page.GetByTestId("volume-create"), enabled, "admin");
        await ExpectAsync(page.GetByTestId("volumes-prune"), enabled, "admin");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Networks" }).ClickAsync();
        await page.GetByTestId("network-name").FillAsync("backend");
        await page.GetByTestId("network-name").BlurAsync();
        await ExpectAsync(page.GetByTestId("network-create"), enabled, "admin");

        await page.GotoAsync($"/stacks/{stack}");
        await shell.WaitForCircuitAsync();
        await ExpectAsync(page.GetByTestId("stack-save"), enabled, "admin");
        await page.GotoAsync($"/stacks/{stack}/versions");
        await shell.WaitForCircuitAsync();
        await ExpectAsync(page.GetByTestId("version-restore").First, enabled, "admin");
    }

    private static async Task ExpectAsync(ILocator button, bool enabled, string role)
    {
        if (enabled)
        {
            await Assertions.Expect(button).ToBeEnabledAsync();
            return;
        }

        await Assertions.Expect(button).ToBeDisabledAsync();
        await Assertions.Expect(button).ToHaveAttributeAsync("title", $"Needs the {role} role");
    }
}
