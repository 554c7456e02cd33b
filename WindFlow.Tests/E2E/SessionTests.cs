using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class SessionTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    private sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn);

    [Fact]
    public async Task SignOutEverywhere_AfterConfirming_RevokesApiTokensAndSignsOut()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var issued = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = Admin, password = Password });
        var tokens = (await issued.Content.ReadFromJsonAsync<Tokens>())!;

        var (context, page, errors) = await browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(Admin, Password);
        var shell = new Shell(page);
        await shell.WaitForCircuitAsync();

        // Cancelling the confirmation changes nothing.
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("signout-everywhere").ClickAsync();
        var dialog = page.Locator(".rz-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("Sign out everywhere?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(shell.Title).ToHaveTextAsync("Dashboard");

        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("signout-everywhere").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("Signed out everywhere");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?loggedOut=1$"));

        var refreshed = await http.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
        Assert.Empty(errors);
    }
}
