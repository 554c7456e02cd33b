using System.Net.Http.Headers;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.E2E;

/// <summary>
/// The published app scraped by a real Prometheus (Debian's 2.42, loopback, so no token) that also
/// loads WindFlow's alert rules; a real deploy on the collection's engine feeds the run counter.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "E2E")]
public sealed class PrometheusScrapeTests(DockerEngine docker)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    // Names the dashboards and rules use that this scrape cannot hold, and why.
    private static readonly string[] NotExpectedHere =
    [
        "aspnetcore_components_circuit_", // Blazor circuits: only once a browser connects
        "db_client_connection_", // Npgsql's pool: PostgreSQL only; this app runs on SQLite
        "node_", // node-exporter, a separate process in the compose monitoring profile
        "ALERTS", // Prometheus' own series, present only while an alert is pending or firing
    ];

    [Fact]
    public async Task Prometheus_ScrapesAfterRequestsAndADeploy_AnswersP95RunCounterAndEveryDashboardMetric()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = WindFlowAppFactory.DefaultAdminUserName,
            ["WINDFLOW_ADMIN_PASSWORD"] = WindFlowAppFactory.DefaultAdminPassword,
            ["Docker__AutoRegisterLocal"] = "false",
            ["Metrics__StateRefreshInterval"] = "00:00:01",
        });
        await using var prometheus = await PrometheusServer.StartAsync(new Uri(app.BaseUrl).Authority, [MonitoringFiles.Alerts]);
        await prometheus.WaitForValueAsync("up{job=\"windflow\"}", v => v == 1, Settle);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var tokens = await WindFlowAppFactory.RequestTokensAsync(http);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        // Requests spread over a few scrapes, so rate() sees the histogram grow.
        for (var i = 0; i < 20; i++)
        {
            (await http.GetAsync("/api/health")).EnsureSuccessStatusCode();
            await Task.Delay(150);
        }

        var target = await Web.TargetApiTests.CreateAsync(http, new { name = Web.TargetApiTests.UniqueName("prom"), endpoint = docker.Endpoint });
        var stack = await CreateStackAsync(http, IdleStack, new Dictionary<string, object>());
        var project = "prom-" + Guid.NewGuid().ToString("N")[..8];
        var (deployment, run) = await DeployAsync(http, stack, target, project, new Dictionary<string, object>());
        try
        {
            await WaitForSuccessAsync(http, run);

            Assert.Equal(1, await prometheus.WaitForValueAsync(
                "sum(windflow_runs_total{job=\"windflow\", kind=\"deploy\", outcome=\"succeeded\"})", v => v >= 1, Settle));
            Assert.Equal(1, await prometheus.WaitForValueAsync(
                "sum(windflow_run_duration_seconds_count{job=\"windflow\", kind=\"deploy\"})", v => v >= 1, Settle));
            var p95 = await prometheus.WaitForValueAsync(
                "histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{job=\"windflow\", http_route=\"/api/health\", http_response_status_code=\"200\"}[2m])))",
                v => !double.IsNaN(v),
                Settle);
            Assert.InRange(p95, 1e-6, 10);
            Assert.Equal(1, await prometheus.WaitForValueAsync("max(windflow_targets{job=\"windflow\", status=\"online\"})", v => v == 1, Settle));
            Assert.Equal(1, await prometheus.WaitForValueAsync("max(windflow_deployments{job=\"windflow\", status=\"running\"})", v => v == 1, Settle));

            await AssertRulesLoadedAsync(prometheus);
            await AssertEveryReferencedMetricExistsAsync(prometheus);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nWindFlow's output:\n{app.Output}");
        }
        finally
        {
            try
            {
                await WaitForSuccessAsync(http, await ActAsync(http, HttpMethod.Delete, $"/api/v1/deployments/{deployment}"));
            }
            catch (Exception ex)
            {
                // Leave nothing running on the shared engine, then report the remove that did not finish.
                foreach (var id in (await docker.DockerAsync(["ps", "-aq", "--filter", "label=com.docker.compose.project=" + project])).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    await docker.RemoveContainerAsync(id);
                }

                throw new Xunit.Sdk.XunitException($"Removing the deployment: {ex.Message}\nWindFlow's output:\n{app.Output}");
            }
        }
    }

    private static async Task AssertRulesLoadedAsync(PrometheusServer prometheus)
    {
        var rules = JsonDocument.Parse(await prometheus.GetAsync("/api/v1/rules")).RootElement.GetProperty("data").GetProperty("groups")
            .EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        Assert.Equal(MonitoringFiles.AlertExpressions().Count(), rules.Count);
        Assert.All(rules, r => Assert.Equal("ok", r.GetProperty("health").GetString()));
    }

    // A misspelt metric name is valid PromQL that quietly selects nothing: compare every name the
    // dashboards and rules use with what this scrape stored.
    private static async Task AssertEveryReferencedMetricExistsAsync(PrometheusServer prometheus)
    {
        var stored = await prometheus.MetricNamesAsync();
        var missing = MonitoringFiles.DashboardExpressions().Concat(MonitoringFiles.AlertExpressions())
            .SelectMany(e => MonitoringFiles.MetricNames(e.Expression).Select(name => (e.Source, Name: name)))
            .Where(r => !stored.Contains(r.Name) && !NotExpectedHere.Any(p => r.Name.StartsWith(p, StringComparison.Ordinal)))
            .Select(r => $"{r.Source}: {r.Name}")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "Not in the scrape:\n" + string.Join('\n', missing));
    }
}
