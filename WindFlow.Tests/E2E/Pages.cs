using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>Page objects: what a person does on each screen, located by test ids and roles.</summary>
public sealed class SetupPage(IPage page)
{
    public async Task CreateAdminAsync(string userName, string password)
    {
        await page.GetByTestId("setup-username").FillAsync(userName);
        await page.GetByTestId("setup-password").FillAsync(password);
        await page.GetByTestId("setup-confirm").FillAsync(password);
        await page.GetByTestId("setup-submit").ClickAsync();
    }
}

public sealed class LoginPage(IPage page)
{
    public ILocator Notice => page.GetByTestId("form-success");

    public ILocator Error => page.GetByTestId("form-error");

    public async Task SignInAsync(string userName, string password)
    {
        await page.GetByTestId("username").FillAsync(userName);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }
}

public sealed class Shell(IPage page)
{
    public ILocator Title => page.GetByTestId("page-title");

    /// <summary>Waits until the Blazor circuit is live: the layout marks itself once rendering interactively.</summary>
    public Task WaitForCircuitAsync() =>
        page.Locator("[data-testid=page][data-circuit=connected]").WaitForAsync();

    public Task OpenSectionAsync(string key) => page.GetByTestId($"nav-{key}").ClickAsync();

    public async Task LogOutAsync()
    {
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
    }
}
