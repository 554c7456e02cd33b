using System.Globalization;
using System.Text.RegularExpressions;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.E2E;

/// <summary>Blazor's own circuit meter reaches /metrics once a real browser holds a circuit.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed partial class CircuitMetricsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Metrics_SignedInBrowser_CountsAnActiveCircuit()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = WindFlowAppFactory.DefaultAdminUserName,
            ["WINDFLOW_ADMIN_PASSWORD"] = WindFlowAppFactory.DefaultAdminPassword,
        });
        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var __ = context;
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(WindFlowAppFactory.DefaultAdminUserName, WindFlowAppFactory.DefaultAdminPassword);
        await new Shell(page).WaitForCircuitAsync();

        // Loopback scraper: no token needed.
        using var http = new HttpClient();
        var body = await http.GetStringAsync(app.BaseUrl + "/metrics");

        var active = ActiveCircuits().Match(body);
        Assert.True(active.Success, "No aspnetcore_components_circuit_active series in:\n" + body);
        Assert.True(double.Parse(active.Groups["value"].Value, CultureInfo.InvariantCulture) >= 1, active.Value);
    }

    [GeneratedRegex("^aspnetcore_components_circuit_active(\\{[^}]*\\})? (?<value>\\S+)$", RegexOptions.Multiline)]
    private static partial Regex ActiveCircuits();
}
