using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>What users see when the running process dies (its log format: <see cref="JsonLoggingTests"/>).</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ProcessBehaviourTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    [Fact]
    public async Task ServerDies_WhileSignedIn_ShowsTheReconnectOverlay()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
        });
        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var __ = context;
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(Admin, Password);
        await new Shell(page).WaitForCircuitAsync();
        var overlay = page.GetByTestId("reconnect-modal");
        await Assertions.Expect(overlay).ToBeHiddenAsync();

        await app.KillAsync();

        await Assertions.Expect(overlay).ToBeVisibleAsync();
        await Assertions.Expect(overlay).ToContainTextAsync(new Regex("Connection to the server lost|Could not reconnect"));
    }
}
