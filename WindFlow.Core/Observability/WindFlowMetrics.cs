using System.Diagnostics.Metrics;
using WindFlow.Core.Deployments;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Observability;

/// <summary>
/// WindFlow's own meter. Every instrument WindFlow records on is defined here, so names, units and
/// labels stay in one catalogue; the <c>/metrics</c> exporter turns them into Prometheus names
/// (<c>windflow.runs</c> becomes <c>windflow_runs_total</c>, a unit <c>s</c> adds <c>_seconds</c>).
/// </summary>
public sealed class WindFlowMetrics
{
    /// <summary>The meter's name, to listen to it.</summary>
    public const string MeterName = "WindFlow";

    // Runs take seconds to many minutes (image pulls, health gates): the default HTTP-sized buckets
    // would put every run in the last two.
    private static readonly double[] RunDurationBuckets = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];

    private static readonly RunStatus[] Outcomes = [RunStatus.Succeeded, RunStatus.Failed, RunStatus.Cancelled];

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _runDuration;
    private readonly Counter<long> _workflowRuns;
    private readonly UpDownCounter<long> _jobsExecuting;
    private readonly Counter<long> _jobsExecuted;
    private readonly Counter<long> _jobsMisfired;
    private readonly UpDownCounter<long> _connectionsInUse;
    private volatile StateCounts _state = StateCounts.Empty;

    /// <summary>Creates the meter through the host's factory, so each app instance has its own.</summary>
    public WindFlowMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _runs = Meter.CreateCounter<long>(
            "windflow.runs", "{run}", "Deployment runs finished, by kind (deploy, update, rollback, start, stop, restart, remove) and outcome.");
        _runDuration = Meter.CreateHistogram(
            "windflow.run.duration", "s", "Time from a run's start to its end, by kind and outcome.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunDurationBuckets });
        _workflowRuns = Meter.CreateCounter<long>(
            "windflow.workflow.runs", "{run}", "Workflow runs finished, by outcome (counted once workflows exist, issue #6).");
        _jobsExecuting = Meter.CreateUpDownCounter<long>(
            "windflow.scheduler.jobs.executing", "{job}", "Quartz jobs executing now, by job group.");
        _jobsExecuted = Meter.CreateCounter<long>(
            "windflow.scheduler.jobs.executed", "{job}", "Quartz job executions finished, by job group and outcome (succeeded, failed).");
        _jobsMisfired = Meter.CreateCounter<long>(
            "windflow.scheduler.jobs.misfired", "{trigger}", "Quartz triggers that missed their fire time (the scheduler was busy or down).");
        _connectionsInUse = Meter.CreateUpDownCounter<long>(
            "windflow.db.connections.in_use", "{connection}", "Database connections open now (SQLite; on PostgreSQL Npgsql's own meter reports its pool).");
        Meter.CreateObservableGauge("windflow.targets", ObserveTargets, "{target}", "Targets by last known status (unknown, online, offline, error).");
        Meter.CreateObservableGauge("windflow.deployments", ObserveDeployments, "{deployment}", "Deployments (removed ones excluded) by status.");
    }

    /// <summary>The meter, for instruments of adapters that belong next to their library.</summary>
    public Meter Meter { get; }

    /// <summary>
    /// Records zero for every run kind and outcome (and workflow run outcome). A counter series that first appears at 1 has no
    /// earlier sample, so Prometheus' <c>increase()</c> would read it as no change and an alert on
    /// the first failed deployment would never fire. Call once a listener is subscribed.
    /// </summary>
    public void PublishZeroSeries()
    {
        foreach (var kind in Enum.GetValues<RunKind>())
        {
            foreach (var outcome in Outcomes)
            {
                _runs.Add(0, RunTags(kind, outcome));
            }
        }

        foreach (var outcome in Outcomes)
        {
            _workflowRuns.Add(0, new KeyValuePair<string, object?>("outcome", LabelValue(outcome)));
        }

        _jobsMisfired.Add(0);
    }

    /// <summary>Counts a finished run and its duration.</summary>
    public void RunFinished(RunKind kind, RunStatus outcome, TimeSpan? duration)
    {
        var tags = RunTags(kind, outcome);
        _runs.Add(1, tags);
        if (duration is { } d && d >= TimeSpan.Zero)
        {
            _runDuration.Record(d.TotalSeconds, tags);
        }
    }

    /// <summary>Counts a finished workflow run.</summary>
    public void WorkflowRunFinished(string outcome) => _workflowRuns.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A scheduled job started (+1) or ended (-1).</summary>
    public void JobExecuting(string group, int delta) => _jobsExecuting.Add(delta, new KeyValuePair<string, object?>("job_group", group));

    /// <summary>A scheduled job ended.</summary>
    public void JobExecuted(string group, bool succeeded) => _jobsExecuted.Add(
        1, new KeyValuePair<string, object?>("job_group", group), new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));

    /// <summary>A trigger missed its fire time.</summary>
    public void JobMisfired() => _jobsMisfired.Add(1);

    /// <summary>A database connection opened (+1) or closed (-1).</summary>
    public void ConnectionsInUse(int delta) => _connectionsInUse.Add(delta);

    /// <summary>Replaces the counts the state gauges report (see <see cref="StateMetricsRefresher"/>).</summary>
    public void UpdateState(IEnumerable<TargetStatus> targets, IEnumerable<DeploymentStatus> deployments) =>
        _state = new StateCounts(CountAll(targets), CountAll(deployments));

    /// <summary><c>RollingBack</c> -> <c>rolling_back</c>: label values in Prometheus' own style.</summary>
    public static string LabelValue<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static KeyValuePair<string, object?>[] RunTags(RunKind kind, RunStatus outcome) =>
        [new("kind", LabelValue(kind)), new("outcome", LabelValue(outcome))];

    // Every status is reported, zero included, so "offline > 0" has a series to compare.
    private static Measurement<long>[] CountAll<TEnum>(IEnumerable<TEnum> values)
        where TEnum : struct, Enum
    {
        var counts = values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.LongCount());
        return [.. Enum.GetValues<TEnum>().Select(s => new Measurement<long>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>("status", LabelValue(s))))];
    }

    private IEnumerable<Measurement<long>> ObserveTargets() => _state.Targets;

    private IEnumerable<Measurement<long>> ObserveDeployments() => _state.Deployments;

    private sealed record StateCounts(Measurement<long>[] Targets, Measurement<long>[] Deployments)
    {
        public static readonly StateCounts Empty = new([], []);
    }
}
