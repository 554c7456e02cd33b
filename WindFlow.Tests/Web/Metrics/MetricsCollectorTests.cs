using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Deployments;
using WindFlow.Core.Observability;
using WindFlow.Core.Targets;
using WindFlow.Web.Metrics;

namespace WindFlow.Tests.Web.Metrics;

/// <summary>The exporter over real meters and a real <see cref="MeterListener"/>; each test has its own meter factory.</summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _collector = NewCollector(new MetricsOptions());
        _collector.Start();
    }

    private IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    // A meter name the exporter listens to; the factory's scope keeps other tests' meters apart.
    private Meter Meter => Factory.Create(WindFlowMetrics.MeterName);

    public void Dispose()
    {
        _collector.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Render_CounterWithSameTagsInAnotherOrder_AddsToOneSeries()
    {
        var counter = Meter.CreateCounter<long>("test.requests", "{request}", "Requests.");

        counter.Add(2, new("method", "GET"), new("code", 200));
        counter.Add(3, new("code", 200), new("method", "GET"));
        counter.Add(1, new("code", 500), new("method", "GET"));

        var text = _collector.Render();
        Assert.Contains("# TYPE test_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("test_requests_total{code=\"200\",method=\"GET\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("test_requests_total{code=\"500\",method=\"GET\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UpDownCounter_IsAGaugeOfTheSum()
    {
        var open = Meter.CreateUpDownCounter<int>("test.open", "{connection}");

        open.Add(1);
        open.Add(1);
        open.Add(-1);

        var text = _collector.Render();
        Assert.Contains("# TYPE test_open gauge\ntest_open 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ObservableGauge_LabelSetItStopsReportingDisappears()
    {
        var reported = new List<Measurement<long>> { new(1, new KeyValuePair<string, object?>("status", "online")), new(2, new KeyValuePair<string, object?>("status", "offline")) };
        Meter.CreateObservableGauge("test.targets", () => reported.ToArray(), "{target}");

        var first = _collector.Render();
        reported.RemoveAt(1);
        var second = _collector.Render();

        Assert.Contains("test_targets{status=\"offline\"} 2\n", first, StringComparison.Ordinal);
        Assert.Contains("test_targets{status=\"online\"} 1\n", second, StringComparison.Ordinal);
        Assert.DoesNotContain("offline", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ObservableCounter_ReportsTheObservedTotalNotASum()
    {
        var total = 10L;
        Meter.CreateObservableCounter("test.cpu.time", () => total, "s");

        _collector.Render();
        total = 12;
        var text = _collector.Render();

        Assert.Contains("# TYPE test_cpu_time_seconds_total counter\ntest_cpu_time_seconds_total 12\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ObservableUpDownCounter_IsAGauge()
    {
        Meter.CreateObservableUpDownCounter("test.queue.length", () => 4, "{item}");

        Assert.Contains("# TYPE test_queue_length gauge\ntest_queue_length 4\n", _collector.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HistogramWithAdvice_UsesTheAdvisedBucketsCumulatively()
    {
        var histogram = Meter.CreateHistogram("test.duration", "s", "Durations.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5] });

        histogram.Record(0.5);
        histogram.Record(1); // on a bound: counts in that bound's bucket
        histogram.Record(3);
        histogram.Record(60);

        var text = _collector.Render();
        Assert.Contains(
            "test_duration_seconds_bucket{le=\"1\"} 2\ntest_duration_seconds_bucket{le=\"5\"} 3\ntest_duration_seconds_bucket{le=\"+Inf\"} 4\n"
            + "test_duration_seconds_sum 64.5\ntest_duration_seconds_count 4\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HistogramWithoutAdvice_UsesPrometheusDefaultBuckets()
    {
        Meter.CreateHistogram<long>("test.size").Record(7);

        var text = _collector.Render();
        Assert.Contains("test_size_bucket{le=\"0.005\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("test_size_bucket{le=\"10\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MeterOfAnotherHostOrNotExported_IsLeftOut()
    {
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        otherHost.GetRequiredService<IMeterFactory>().Create(WindFlowMetrics.MeterName).CreateCounter<long>("test.other.host").Add(1);
        Factory.Create("Some.Library").CreateCounter<long>("test.not.exported").Add(1);

        var text = _collector.Render();
        Assert.DoesNotContain("test_other_host", text, StringComparison.Ordinal);
        Assert.DoesNotContain("test_not_exported", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MoreLabelSetsThanTheLimit_DropsTheNewOnes()
    {
        using var limited = NewCollector(new MetricsOptions { MaxSeriesPerInstrument = 2 });
        limited.Start();
        var counter = Meter.CreateCounter<long>("test.limited");

        foreach (var user in new[] { "a", "b", "c", "a" })
        {
            counter.Add(1, new KeyValuePair<string, object?>("user", user));
        }

        var text = limited.Render();
        Assert.Contains("test_limited_total{user=\"a\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("test_limited_total{user=\"b\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user=\"c\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WindFlowMetrics_RunsStateAndZeroSeriesInPrometheusNames()
    {
        var metrics = new WindFlowMetrics(Factory);
        metrics.PublishZeroSeries();
        metrics.RunFinished(RunKind.Rollback, RunStatus.Failed, TimeSpan.FromSeconds(42));
        metrics.UpdateState([TargetStatus.Online, TargetStatus.Online], [DeploymentStatus.RollingBack]);

        var text = _collector.Render();
        Assert.Contains("windflow_runs_total{kind=\"rollback\",outcome=\"failed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("windflow_runs_total{kind=\"deploy\",outcome=\"failed\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("windflow_workflow_runs_total{outcome=\"succeeded\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("windflow_run_duration_seconds_bucket{kind=\"rollback\",outcome=\"failed\",le=\"60\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("windflow_run_duration_seconds_bucket{kind=\"rollback\",outcome=\"failed\",le=\"30\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("windflow_targets{status=\"online\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("windflow_targets{status=\"offline\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("windflow_deployments{status=\"rolling_back\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("windflow_scheduler_jobs_misfired_total 0\n", text, StringComparison.Ordinal);
    }

    private MetricsCollector NewCollector(MetricsOptions options) =>
        new(Options.Create(options), Factory, NullLogger<MetricsCollector>.Instance);
}
