using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>The template gallery.</summary>
public sealed class TemplatesGallery(IPage page)
{
    public ILocator Card(string templateId) => page.Locator($"[data-testid=template-card][data-template-id='{templateId}']");

    public ILocator NameInput => page.GetByTestId("new-stack-name");

    public async Task UseAsync(string templateId, string stackName)
    {
        await Card(templateId).GetByTestId("use-template").ClickAsync();
        await Assertions.Expect(NameInput).ToBeVisibleAsync();
        await NameInput.FillAsync(stackName);
        await page.GetByTestId("new-stack-create").ClickAsync();
    }
}

/// <summary>The stack editor; the template is a CodeMirror island, edited through its rendered lines.</summary>
public sealed class StackEditor(IPage page)
{
    public ILocator Template => page.GetByTestId("stack-template");

    public ILocator Version => page.GetByTestId("stack-version");

    public ILocator Problems => page.GetByTestId("stack-problem");

    public ILocator NoProblems => page.GetByTestId("stack-problems-none");

    /// <summary>Line <paramref name="number"/> (1-based) of the template editor.</summary>
    public ILocator TemplateLine(int number) => Template.Locator(".cm-content .cm-line").Nth(number - 1);

    /// <summary>Replaces the key of a template line: a double click selects the word, typing replaces it.</summary>
    public async Task RenameKeyAsync(int line, string newKey)
    {
        await TemplateLine(line).Locator(".tok-propertyName").First.DblClickAsync();
        await page.Keyboard.InsertTextAsync(newKey);
    }

    public async Task AppendToLineAsync(int line, string text)
    {
        await TemplateLine(line).Locator(".tok-propertyName").First.ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.InsertTextAsync(text);
    }

    public async Task SaveAsync(string summary)
    {
        await page.GetByTestId("stack-summary").FillAsync(summary);
        await page.GetByTestId("stack-save").ClickAsync();
    }

    public Task OpenVersionsAsync() => page.GetByTestId("stack-versions").ClickAsync();
}

/// <summary>A stack's versions with the side-by-side diff.</summary>
public sealed class StackVersions(IPage page)
{
    public ILocator Rows => page.GetByTestId("version-row");

    public ILocator Diff => page.GetByTestId("version-diff");

    public ILocator ChangedLines => Diff.Locator(".cm-changedLine");
}
