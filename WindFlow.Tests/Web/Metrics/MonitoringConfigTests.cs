using System.Text.Json;
using System.Text.RegularExpressions;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Web.Metrics;

/// <summary>
/// The files under deploy/monitoring against the real tools: promtool checks and unit-tests the
/// alert rules and checks the scrape configuration; a real Prometheus must accept every dashboard query.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class MonitoringConfigTests
{
    private const string DataSourceUid = "windflow-prometheus";

    [Fact]
    public async Task AlertRules_PromtoolCheckRules_Succeeds()
    {
        var (exitCode, output) = await PrometheusServer.PromtoolAsync(["check", "rules", MonitoringFiles.Alerts]);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {MonitoringFiles.AlertExpressions().Count()} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertRules_PromtoolUnitTests_Pass()
    {
        var (exitCode, output) = await PrometheusServer.PromtoolAsync(["test", "rules", "alerts.test.yml"], workingDirectory: MonitoringFiles.Directory);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertRules_CoverTheAlertsTheIssueAsksFor()
    {
        var alerts = MonitoringFiles.AlertExpressions().Select(a => a.Source.Split(" / ")[1]).ToHashSet(StringComparer.Ordinal);
        var tested = await File.ReadAllTextAsync(Path.Combine(MonitoringFiles.Directory, "alerts.test.yml"));

        foreach (var required in new[] { "WindFlowHighErrorRate", "WindFlowApiSlow", "WindFlowTargetOffline", "WindFlowDeploymentFailed" })
        {
            Assert.Contains(required, alerts);
            Assert.Contains("alertname: " + required, tested, StringComparison.Ordinal);
        }
    }

    // The compose file mounts this directory at /etc/prometheus; promtool also checks that the
    // token file and the rule files it names exist, so they are laid out the same way in a temp directory.
    [Fact]
    public async Task ScrapeConfig_PromtoolCheckConfig_Succeeds()
    {
        var root = Directory.CreateTempSubdirectory("windflow-promconf-").FullName;
        try
        {
            var config = (await File.ReadAllTextAsync(Path.Combine(MonitoringFiles.Directory, "prometheus.yml"))).Replace("/etc/prometheus", root, StringComparison.Ordinal);
            Assert.Contains("job_name: windflow", config, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(root, "prometheus.yml"), config);
            File.Copy(MonitoringFiles.Alerts, Path.Combine(root, "alerts.yml"));
            Directory.CreateDirectory(Path.Combine(root, "secrets"));
            await File.WriteAllTextAsync(Path.Combine(root, "secrets", "windflow-metrics-token"), "0123456789abcdef0123456789abcdef");

            var (exitCode, output) = await PrometheusServer.PromtoolAsync(["check", "config", Path.Combine(root, "prometheus.yml")]);

            Assert.True(exitCode == 0, output);
            Assert.Contains("SUCCESS: 1 rule files found", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Dashboards_FourGrafanaDashboards_WithUniqueIdsAndTheProvisionedDataSource()
    {
        var provisioned = File.ReadAllText(Path.Combine(MonitoringFiles.Directory, "grafana", "provisioning", "datasources", "windflow.yml"));
        Assert.Contains("uid: " + DataSourceUid, provisioned, StringComparison.Ordinal);

        var uids = new HashSet<string>(StringComparer.Ordinal);
        var titles = new List<string>();
        foreach (var file in MonitoringFiles.Dashboards)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var dashboard = document.RootElement;
            Assert.True(uids.Add(dashboard.GetProperty("uid").GetString()!), $"{file}: duplicate uid");
            Assert.InRange(dashboard.GetProperty("uid").GetString()!.Length, 1, 40);
            titles.Add(dashboard.GetProperty("title").GetString()!);
            Assert.True(dashboard.GetProperty("schemaVersion").GetInt32() >= 36, $"{file}: schemaVersion");
            var panelIds = new HashSet<int>();
            var panels = dashboard.GetProperty("panels").EnumerateArray().ToList();
            Assert.NotEmpty(panels);
            foreach (var panel in panels)
            {
                var where = $"{Path.GetFileName(file)} / {panel.GetProperty("title").GetString()}";
                Assert.True(panelIds.Add(panel.GetProperty("id").GetInt32()), $"{where}: duplicate panel id");
                Assert.Contains(panel.GetProperty("type").GetString(), new[] { "stat", "timeseries", "bargauge", "gauge", "table" });
                var grid = panel.GetProperty("gridPos");
                Assert.True(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32() <= 24, $"{where}: wider than the 24-column grid");
                Assert.True(grid.GetProperty("h").GetInt32() > 0, $"{where}: no height");
                Assert.Equal(DataSourceUid, panel.GetProperty("datasource").GetProperty("uid").GetString());
                var targets = panel.GetProperty("targets").EnumerateArray().ToList();
                Assert.NotEmpty(targets);
                Assert.All(targets, t => Assert.Equal(DataSourceUid, t.GetProperty("datasource").GetProperty("uid").GetString()));
                Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
            }

            foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
            {
                Assert.Equal(DataSourceUid, variable.GetProperty("datasource").GetProperty("uid").GetString());
            }
        }

        Assert.Equal(["WindFlow / API performance", "WindFlow / Deployments", "WindFlow / Infrastructure", "WindFlow / Overview"], titles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Dashboards_EveryExpression_IsAcceptedByPrometheus()
    {
        await using var prometheus = await PrometheusServer.StartAsync();
        var expressions = MonitoringFiles.DashboardExpressions().ToList();
        // The instance variable's own query is Grafana's label_values() around a PromQL selector.
        expressions.AddRange(TemplatingSelectors().Select(s => new MonitoringExpression("templating", s)));
        Assert.True(expressions.Count >= 40, $"Only {expressions.Count} expressions found");

        var refused = new List<string>();
        foreach (var expression in expressions)
        {
            Assert.DoesNotContain("$", expression.Expression, StringComparison.Ordinal);
            if ((await prometheus.TryQueryAsync(expression.Expression)).Error is { } error)
            {
                refused.Add($"{expression.Source}: {error}\n  {expression.Expression}");
            }
        }

        Assert.True(refused.Count == 0, string.Join('\n', refused));
    }

    [Fact]
    public async Task Prometheus_MalformedExpression_IsRefused()
    {
        // Guards the test above: the same call must report an expression Prometheus cannot parse.
        await using var prometheus = await PrometheusServer.StartAsync();

        Assert.NotNull((await prometheus.TryQueryAsync("sum by (le (rate(x[1m]))")).Error);
        Assert.NotNull((await prometheus.TryQueryAsync("histogram_quantil(0.95, x)")).Error);
    }

    [Theory]
    [InlineData("histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{job=\"windflow\", http_route=~\"/api/.*\"}[1m])))", "http_server_request_duration_seconds_bucket")]
    [InlineData("sum(rate(a_total{code=~\"5..\"}[5m])) / sum(rate(a_total[5m])) > 0.05", "a_total")]
    [InlineData("max by (status) (windflow_targets{status=\"offline\"}) or on (status) b_metric", "windflow_targets,b_metric")]
    [InlineData("1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[1m])) * 1e3", "node_cpu_seconds_total")]
    [InlineData("sum by (alertname) (ALERTS{alertstate=\"firing\"})", "ALERTS")]
    public void MetricNames_Expression_NamesOnlyTheSelectedMetrics(string expression, string expected)
    {
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), MonitoringFiles.MetricNames(expression).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> TemplatingSelectors() =>
        MonitoringFiles.Dashboards
            .SelectMany(f => LabelValues().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups["selector"].Value)))
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex("\"definition\": \"label_values\\((?<selector>.+), instance\\)\"")]
    private static partial Regex LabelValues();
}
