using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed partial class FirstRunTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    private static readonly (string Key, string Title, bool Built)[] Sections =
    [
        ("targets", "Targets", true), ("containers", "Containers", true), ("stacks", "Stacks", true), ("deployments", "Deployments", true),
        ("workflows", "Workflows", true), ("templates", "Templates", true), ("administration", "Administration", true),
        ("dashboard", "Dashboard", true),
    ];

    [Fact]
    public async Task FirstRun_SetupLoginNavigateLogout_Works()
    {
        await using var app = await AppProcess.StartAsync();
        var (context, page, errors) = await browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;

        // A fresh install sends every page to the one-time setup.
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await new SetupPage(page).CreateAdminAsync(Admin, Password);

        var login = new LoginPage(page);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?setup=done$"));
        await Assertions.Expect(login.Notice).ToContainTextAsync("Administrator account created");
        await login.SignInAsync(Admin, Password);

        var shell = new Shell(page);
        await shell.WaitForCircuitAsync();
        await Assertions.Expect(shell.Title).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(page.GetByTestId("system-info")).ToContainTextAsync("sqlite");

        // Every sidebar entry opens over the live circuit (no full page load) and says what it is.
        foreach (var (key, title, built) in Sections)
        {
            await shell.OpenSectionAsync(key);
            await Assertions.Expect(shell.Title).ToHaveTextAsync(title);
            if (key != "dashboard")
            {
                await Assertions.Expect(page.GetByTestId("breadcrumb")).ToContainTextAsync(title);
            }

            // Built sections show their content; the others say which issue builds them.
            await Assertions.Expect(page.GetByTestId("not-built")).ToHaveCountAsync(built ? 0 : 1);
        }

        // Setup is one-time: once an admin exists the page sends people to sign in.
        var setupAgain = await context.NewPageAsync();
        await setupAgain.GotoAsync("/setup");
        await Assertions.Expect(setupAgain).ToHaveURLAsync(new Regex("/login$|/$"));
        await setupAgain.CloseAsync();

        await shell.LogOutAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?loggedOut=1$"));
        await Assertions.Expect(login.Notice).ToContainTextAsync("signed out");

        // Signed out means signed out: the dashboard asks for a login again.
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));

        Assert.Empty(errors);
    }

    [Fact]
    public async Task ThemeToggle_AfterReload_StaysDark()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
        });
        var (context, page, errors) = await browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;

        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(Admin, Password);
        var shell = new Shell(page);
        await shell.WaitForCircuitAsync();
        var themeLink = page.Locator("#radzen-theme-link");
        await Assertions.Expect(themeLink).Not.ToHaveAttributeAsync("href", new Regex("dark"));

        await page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(themeLink).ToHaveAttributeAsync("href", new Regex("material-dark"));

        await page.ReloadAsync();
        await shell.WaitForCircuitAsync();
        await Assertions.Expect(themeLink).ToHaveAttributeAsync("href", new Regex("material-dark"));
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "windflow-theme" && c.Value == "material-dark");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task WrongPassword_FiveTimes_LocksTheAccountInTheBrowser()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
        });
        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var __ = context;
        var login = new LoginPage(page);

        await page.GotoAsync("/login");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await login.SignInAsync(Admin, "wrong-password-" + attempt);
            await Assertions.Expect(login.Error).ToContainTextAsync("incorrect");
        }

        await login.SignInAsync(Admin, "wrong-password-5");
        await Assertions.Expect(login.Error).ToContainTextAsync("locked");

        // Even the right password is refused while the lock holds.
        await login.SignInAsync(Admin, Password);
        await Assertions.Expect(login.Error).ToContainTextAsync("locked");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
    }
}
