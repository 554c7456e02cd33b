using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WindFlow.Tests.E2E;

/// <summary>What the running process does for its operators: log format, and what users see when it dies.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class ProcessBehaviourTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    [Fact]
    public async Task JsonFormatter_WhenConfigured_WritesOneJsonObjectPerLineWithRequestFields()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
        });
        using var http = new HttpClient();
        await http.GetAsync(app.BaseUrl + "/api/v1/auth/me");

        // The request line is written after the response; give the logger a moment to flush.
        JsonElement? requestLine = null;
        for (var i = 0; i < 50 && requestLine is null; i++)
        {
            await Task.Delay(100);
            var lines = app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(lines, line => JsonDocument.Parse(line));
            requestLine = lines.Select(l => JsonDocument.Parse(l).RootElement)
                .Cast<JsonElement?>()
                .FirstOrDefault(e => e!.Value.TryGetProperty("State", out var state)
                    && state.TryGetProperty("Path", out var path) && path.GetString() == "/api/v1/auth/me");
        }

        Assert.NotNull(requestLine);
        var fields = requestLine.Value.GetProperty("State");
        Assert.Equal("GET", fields.GetProperty("Method").GetString());
        Assert.Equal(401, fields.GetProperty("StatusCode").GetInt32());
        Assert.True(fields.TryGetProperty("ElapsedMs", out _));
        Assert.Equal("Information", requestLine.Value.GetProperty("LogLevel").GetString());
    }

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
