using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;
using WindFlow.Core.Observability;

namespace WindFlow.Web.Metrics;

/// <summary>
/// The exporter's heart: a <see cref="MeterListener"/> that aggregates the instruments of the
/// meters WindFlow exports and renders them as Prometheus text on demand. No package is involved
/// (none restores here, see PLATFORM.md); the format is small and the tests hold it to a real Prometheus.
/// </summary>
internal sealed partial class MetricsCollector(IOptions<MetricsOptions> options, IMeterFactory meterFactory, ILogger<MetricsCollector> logger) : IDisposable
{
    /// <summary>
    /// WindFlow's own meter, and the .NET meters that already measure what WindFlow needs: HTTP
    /// request durations by route and status, Blazor circuits, Npgsql's pool, the runtime (GC, CPU,
    /// memory, thread pool).
    /// </summary>
    public static readonly IReadOnlySet<string> Meters = new HashSet<string>(StringComparer.Ordinal)
    {
        WindFlowMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Npgsql",
        "System.Runtime",
    };

    // Prometheus' client libraries' defaults, for histograms that advise no buckets of their own.
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _aggregators = new();
    private readonly ConcurrentDictionary<Instrument, bool> _observable = new();
    private readonly Lock _collectGate = new();
    private readonly HashSet<string> _overflowReported = [];

    /// <summary>Subscribes to every exported instrument, those that exist already and those created later.</summary>
    public void Start()
    {
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            _aggregators.TryRemove(instrument, out InstrumentAggregator? _);
            _observable.TryRemove(instrument, out bool _);
        };
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((InstrumentAggregator)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Every exported series now, in the text exposition format.</summary>
    public string Render()
    {
        lock (_collectGate)
        {
            foreach (var instrument in _observable.Keys)
            {
                if (_aggregators.TryGetValue(instrument, out var aggregator))
                {
                    aggregator.Clear();
                }
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception ex)
            {
                // One faulty callback must not hide every other series.
                LogObservationFailed(logger, ex);
            }

            var output = new StringBuilder(64 * 1024);
            PrometheusTextWriter.Write(output, Families());
            return output.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private IEnumerable<MetricFamily> Families()
    {
        foreach (var group in _aggregators.Values.GroupBy(a => a.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            var points = new List<MetricPoint>();
            foreach (var aggregator in group)
            {
                ReportOverflow(aggregator);
                // Two instruments that map to one name but differ in type cannot share a family; the first wins.
                if (aggregator.Type == first.Type)
                {
                    points.AddRange(aggregator.Snapshot());
                }
            }

            if (points.Count > 0)
            {
                yield return new MetricFamily(first.Name, first.Help, first.Type, points);
            }
        }
    }

    private void ReportOverflow(InstrumentAggregator aggregator)
    {
        if (aggregator.Overflowed && _overflowReported.Add(aggregator.Name))
        {
            LogSeriesLimit(logger, aggregator.Name, options.Value.MaxSeriesPerInstrument);
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        // Meters made by another host's factory (several test hosts share a process) are not ours;
        // meters without a scope (the runtime's, Npgsql's) are process-wide and belong to everyone.
        if (!Meters.Contains(instrument.Meter.Name) || (instrument.Meter.Scope is not null && !ReferenceEquals(instrument.Meter.Scope, meterFactory)))
        {
            return;
        }

        if (Describe(instrument) is not var (type, aggregation, observable))
        {
            return;
        }

        var name = PrometheusNames.Metric(instrument.Name, instrument.Unit, counter: type == MetricType.Counter, gauge: type == MetricType.Gauge);
        var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        var aggregator = new InstrumentAggregator(name, help, type, aggregation, aggregation == Aggregation.Histogram ? BoundsOf(instrument) : [], options.Value.MaxSeriesPerInstrument);
        _aggregators[instrument] = aggregator;
        if (observable)
        {
            _observable[instrument] = true;
        }

        listener.EnableMeasurementEvents(instrument, aggregator);
    }

    private static (MetricType Type, Aggregation Aggregation, bool Observable)? Describe(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType)
        {
            return null;
        }

        var kind = instrument.GetType().GetGenericTypeDefinition();
        return kind == typeof(Counter<>) ? (MetricType.Counter, Aggregation.Sum, false)
            : kind == typeof(UpDownCounter<>) ? (MetricType.Gauge, Aggregation.Sum, false)
            : kind == typeof(Histogram<>) ? (MetricType.Histogram, Aggregation.Histogram, false)
            : kind == typeof(Gauge<>) ? (MetricType.Gauge, Aggregation.LastValue, false)
            // Observable counters report their running total, so the last value is the counter's value.
            : kind == typeof(ObservableCounter<>) ? (MetricType.Counter, Aggregation.LastValue, true)
            : kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>) ? (MetricType.Gauge, Aggregation.LastValue, true)
            : null;
    }

    private static double[] BoundsOf(Instrument instrument)
    {
        double[]? advised = instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
            Histogram<float> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
            Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
            _ => null,
        };
        return advised is { Length: > 0 } ? [.. advised.Distinct().Order()] : DefaultBounds;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An observable instrument failed while /metrics was collected")]
    private static partial void LogObservationFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metric {Name} reached {Limit} label sets; measurements with new label sets are dropped (Metrics__MaxSeriesPerInstrument)")]
    private static partial void LogSeriesLimit(ILogger logger, string name, int limit);
}
