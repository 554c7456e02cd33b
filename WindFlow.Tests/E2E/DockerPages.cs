using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>The targets list and its add/edit form.</summary>
public sealed class TargetsPage(IPage page)
{
    public ILocator Rows => page.GetByTestId("target-row");

    public ILocator EngineInfo => page.GetByTestId("engine-info");

    public ILocator FormError => page.GetByTestId("target-form-error");

    public async Task AddAsync(string name, string endpoint)
    {
        await OpenFormAsync();
        await page.GetByTestId("target-name").FillAsync(name);
        await page.GetByTestId("target-endpoint").FillAsync(endpoint);
        await page.GetByTestId("target-save").ClickAsync();
    }

    public ILocator Row(string name) => Rows.Filter(new() { HasText = name });

    // The dialog moves focus to its first field once open; typing before that lands text in the wrong field.
    private async Task OpenFormAsync()
    {
        await page.GetByTestId("add-target").ClickAsync();
        await Assertions.Expect(page.GetByTestId("target-name")).ToBeFocusedAsync();
    }

    public async Task AddSshAsync(string name, string endpoint, string privateKey)
    {
        await OpenFormAsync();
        // Transport first: the server re-renders the form for SSH, and nothing is typed until it has.
        await page.GetByTestId("target-transport").GetByText("SSH").ClickAsync();
        await page.GetByTestId("target-ssh-key").WaitForAsync();
        await page.GetByTestId("target-name").FillAsync(name);
        await page.GetByTestId("target-endpoint").FillAsync(endpoint);
        await page.GetByTestId("target-ssh-key").FillAsync(privateKey);
        await Assertions.Expect(page.GetByTestId("target-name")).ToHaveValueAsync(name);
        await Assertions.Expect(page.GetByTestId("target-endpoint")).ToHaveValueAsync(endpoint);
        await page.GetByTestId("target-save").ClickAsync();
    }
}

/// <summary>The global container list.</summary>
public sealed class ContainersPage(IPage page)
{
    public ILocator Count => page.GetByTestId("containers-count");

    public ILocator Rows => page.GetByTestId("container-row");

    public ILocator Row(string name) => Rows.Filter(new() { HasText = name });

    public Task SearchAsync(string text) => page.GetByTestId("containers-search").FillAsync(text);

    public Task OpenAsync(string name) => Row(name).GetByTestId("container-link").ClickAsync();
}

/// <summary>One container: actions, logs, stats, inspect.</summary>
public sealed class ContainerPage(IPage page)
{
    public ILocator Name => page.GetByTestId("container-name");

    public ILocator State => page.GetByTestId("container-page-state");

    public ILocator LogLines => page.GetByTestId("log-line");

    public ILocator LogLineCount => page.GetByTestId("log-line-count");

    public ILocator LogStatus => page.GetByTestId("log-status");

    public ILocator Environment => page.GetByTestId("inspect-env");

    public Task StopAsync() => page.GetByTestId("container-stop").ClickAsync();

    public Task OpenTabAsync(string name) => page.GetByRole(AriaRole.Tab, new() { Name = name }).ClickAsync();

    public Task SearchLogsAsync(string text) => page.GetByTestId("log-search").FillAsync(text);
}
