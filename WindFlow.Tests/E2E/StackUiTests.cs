using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>Templates, the stack editor and versions in real Chromium against the published app.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed partial class StackUiTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    // Line 6 of the busybox template is "    restart: unless-stopped".
    private const int RestartLine = 6;

    [Fact]
    public async Task UseTemplate_EditWithUnknownKeyThenFixAndSave_ShowsInlineErrorAndTwoVersionsWithDiff()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
        });
        var (context, page, errors) = await browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        context.SetDefaultTimeout(30_000);
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(Admin, Password);
        await new Shell(page).WaitForCircuitAsync();

        await page.GotoAsync("/templates");
        await new Shell(page).WaitForCircuitAsync();
        var gallery = new TemplatesGallery(page);
        await Assertions.Expect(page.GetByTestId("template-card")).ToHaveCountAsync(9);
        await gallery.Card("busybox-web").GetByTestId("use-template").ClickAsync();
        await Assertions.Expect(gallery.NameInput).ToHaveValueAsync("Busybox web server");
        await gallery.NameInput.FillAsync("e2e busybox");
        await page.GetByTestId("new-stack-create").ClickAsync();

        await new Shell(page).WaitForUrlAsync(StackUrl());
        var editor = new StackEditor(page);
        await Assertions.Expect(page.GetByTestId("page-title")).ToHaveTextAsync("e2e busybox");
        await Assertions.Expect(editor.Template.Locator(".cm-content")).ToContainTextAsync("windflow-test/busybox:latest");
        await Assertions.Expect(editor.NoProblems).ToBeVisibleAsync();
        await Assertions.Expect(editor.TemplateLine(RestartLine)).ToHaveTextAsync("    restart: unless-stopped");

        await editor.RenameKeyAsync(RestartLine, "restart_typo");
        await Assertions.Expect(editor.TemplateLine(RestartLine).Locator(".cm-lintRange-error")).ToBeVisibleAsync();
        await Assertions.Expect(editor.Problems).ToHaveCountAsync(1);
        await Assertions.Expect(editor.Problems.First).ToContainTextAsync($"Template line {RestartLine}");
        await Assertions.Expect(editor.Problems.First).ToContainTextAsync("restart_typo");

        await editor.RenameKeyAsync(RestartLine, "restart");
        await editor.AppendToLineAsync(RestartLine, "  # checked by e2e");
        await Assertions.Expect(editor.NoProblems).ToBeVisibleAsync();
        await Assertions.Expect(editor.TemplateLine(RestartLine).Locator(".cm-lintRange-error")).ToHaveCountAsync(0);

        await editor.SaveAsync("Explain the restart policy");
        await Assertions.Expect(editor.Version).ToHaveTextAsync("v2");
        await Assertions.Expect(page.GetByTestId("stack-dirty")).ToHaveCountAsync(0);

        await editor.OpenVersionsAsync();
        var versions = new StackVersions(page);
        await Assertions.Expect(versions.Rows).ToHaveCountAsync(2);
        await Assertions.Expect(versions.Rows.First).ToContainTextAsync("Explain the restart policy");
        await Assertions.Expect(versions.Diff.GetByTestId("yaml-diff-left-title")).ToHaveTextAsync("Version 1");
        await Assertions.Expect(versions.Diff.GetByTestId("yaml-diff-right-title")).ToHaveTextAsync("Version 2");
        await Assertions.Expect(versions.ChangedLines.Filter(new() { HasText = "# checked by e2e" })).ToHaveCountAsync(1);
        await Assertions.Expect(versions.ChangedLines.Filter(new() { HasTextRegex = RestartWithoutComment() })).ToHaveCountAsync(1);

        // The list shows the stack at its new version.
        await page.GotoAsync("/stacks");
        await new Shell(page).WaitForCircuitAsync();
        var row = page.GetByTestId("stack-row").Filter(new() { HasText = "e2e busybox" });
        await Assertions.Expect(row).ToContainTextAsync("v2");
        await Assertions.Expect(row.GetByTestId("stack-export")).ToHaveAttributeAsync("download", "e2e-busybox.yaml");
        Assert.Empty(errors);
    }

    private static Regex StackUrl() => new(@"/stacks/[0-9a-f-]{36}$");

    [GeneratedRegex(@"restart: unless-stopped$")]
    private static partial Regex RestartWithoutComment();
}
