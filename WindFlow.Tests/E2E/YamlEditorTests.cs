using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>The YAML editor island (wwwroot-assets/src/yaml-editor.js) in real Chromium, as the published app serves it.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class YamlEditorTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";
    private const string Compose = "services:\n  web:\n    image: nginx\n";

    [Fact]
    public async Task YamlEditor_OnTheAppPage_HighlightsLintsDebouncesUndoesIndentsAndDiffs()
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
        await new Shell(page).WaitForCircuitAsync();

        // App.razor loads the bundle on every page, under the app's Content-Security-Policy.
        var editor = new YamlEditorIsland(page);
        Assert.True(await editor.IsLoadedAsync(), "window.windflowYaml is missing: the bundle was not served or not loaded.");
        await editor.CreateAsync(Compose);

        await Assertions.Expect(editor.Lines).ToHaveCountAsync(4);
        await Assertions.Expect(editor.Host.Locator(".cm-content .tok-propertyName").First).ToHaveTextAsync("services");
        await Assertions.Expect(editor.Host.Locator(".cm-lineNumbers .cm-gutterElement").Filter(new() { HasText = "3" })).ToHaveCountAsync(1);

        // 1-based line/column from the server; column 5 of line 3 is where "image" starts.
        await editor.SetDiagnosticsAsync([new { line = 3, column = 5, message = "image not allowed here", severity = "error" }]);
        await Assertions.Expect(editor.Lines.Nth(2).Locator(".cm-lintRange-error")).ToHaveTextAsync("image: nginx");
        await Assertions.Expect(editor.Host.Locator(".cm-gutter-lint .cm-lint-marker-error")).ToHaveCountAsync(1);
        await editor.SetDiagnosticsAsync([new { line = 99, column = 99, message = "past the end", severity = "warning" }]);
        await Assertions.Expect(editor.Host.Locator(".cm-lintRange-error")).ToHaveCountAsync(0);
        await Assertions.Expect(editor.Host.Locator(".cm-lint-marker-warning")).ToHaveCountAsync(1);
        await editor.SetDiagnosticsAsync([]);

        // Typing a burst of keys reaches .NET once, after the pause, with the whole text. A loaded
        // machine may stall between two keys for longer than the debounce: each such pause may
        // legitimately send one more change, so those are counted rather than assumed away.
        await editor.Lines.Nth(2).ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(":latest");
        var typed = Compose.Replace("nginx\n", "nginx:latest\n", StringComparison.Ordinal);
        await page.WaitForFunctionAsync("t => window.yamlChanges.some(c => c.value === t)", typed);
        var changes = await editor.ChangesAsync();
        Assert.Equal("OnTextChanged:" + typed, changes[^1]);
        Assert.InRange(changes.Length, 1, 1 + await editor.LongKeyPausesAsync(200));

        // Undo (typing may have been grouped into more than one step on a slow machine).
        for (var i = 0; i < 10 && await editor.TextAsync() != Compose; i++)
        {
            await page.Keyboard.PressAsync("Control+z");
        }

        Assert.Equal(Compose, await editor.TextAsync());

        // YAML forbids tabs: Tab types two spaces.
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal(Compose + "  ", await editor.TextAsync());
        await page.WaitForFunctionAsync("t => window.yamlChanges.at(-1)?.value === t", Compose + "  ");

        // Text pushed from .NET is not echoed back as a change.
        var before = (await editor.ChangesAsync()).Length;
        Assert.Equal(before, await editor.SetTextThenBlurAsync("name: replaced\n"));
        Assert.Equal("name: replaced\n", await editor.TextAsync());

        // The editor follows the app's light/dark theme.
        var key = editor.Host.Locator(".tok-propertyName").First;
        var lightColour = await key.EvaluateAsync<string>("e => getComputedStyle(e).color");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForFunctionAsync("c => getComputedStyle(document.querySelector('#yaml-editor-test .tok-propertyName')).color !== c", lightColour);

        var diff = await editor.CreateDiffAsync("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 20\nc: 3\n");
        var changed = editor.DiffHost.Locator(".cm-changedLine");
        await Assertions.Expect(changed).ToHaveCountAsync(2);
        await Assertions.Expect(changed.First).ToHaveTextAsync("b: 2");
        await Assertions.Expect(changed.Last).ToHaveTextAsync("b: 20");

        await editor.DisposeDiffAsync(diff);
        await Assertions.Expect(editor.DiffHost.Locator(".cm-mergeView")).ToHaveCountAsync(0);
        await editor.DisposeAsync();
        await Assertions.Expect(editor.Host.Locator(".cm-editor")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }
}
