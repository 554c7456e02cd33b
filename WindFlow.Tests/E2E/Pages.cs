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
    public async Task WaitForCircuitAsync()
    {
        try
        {
            await page.Locator("[data-testid=page][data-circuit=connected]").WaitForAsync();
        }
        catch (TimeoutException ex)
        {
            throw await WhereThePageStayedAsync(ex);
        }
    }

    public Task OpenSectionAsync(string key) => page.GetByTestId($"nav-{key}").ClickAsync();

    /// <summary>
    /// Waits for the page to reach <paramref name="url"/>; a timeout says where the page stayed and
    /// what it showed (a dialog, an error), which Playwright's own message leaves out.
    /// </summary>
    public async Task WaitForUrlAsync(System.Text.RegularExpressions.Regex url)
    {
        try
        {
            // Blazor routes inside the document (pushState): there is no load event to wait for, and
            // after a download on the same page (the workflow export) Playwright could wait for one in
            // vain while the URL already matched (reproduced under CPU load).
            await page.WaitForURLAsync(url, new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException ex)
        {
            throw await WhereThePageStayedAsync(ex);
        }
    }

    // Playwright's timeout names the locator only; where the page was and what it said (a sign-in
    // error, Blazor's error bar) is what explains a failure seen only in CI.
    private async Task<TimeoutException> WhereThePageStayedAsync(TimeoutException timeout)
    {
        var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
        return new TimeoutException($"{timeout.Message}\nThe page stayed at {page.Url}, showing:\n{shown}", timeout);
    }

    public async Task LogOutAsync()
    {
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
    }
}

/// <summary>Radzen drop-downs: the field names its option list in aria-controls, and an option is picked by its text.</summary>
public static class DropDown
{
    public static async Task PickAsync(ILocator dropDown, string option)
    {
        await dropDown.ClickAsync();
        var list = await dropDown.GetAttributeAsync("aria-controls");
        await dropDown.Page.Locator($"[id='{list}']").GetByRole(AriaRole.Option).Filter(new() { HasText = option }).ClickAsync();
    }
}

/// <summary>The generated variable form.</summary>
public static class VariableFields
{
    /// <summary>The input of a variable, whatever Radzen component wraps it (a numeric field puts its test id on a wrapper).</summary>
    public static ILocator Input(IPage page, string name) => page.Locator($"[data-testid=var-field-{name}] input").First;
}
