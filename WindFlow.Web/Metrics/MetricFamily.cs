namespace WindFlow.Web.Metrics;

/// <summary>The three Prometheus types the exporter writes.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One metric name with its help, type and every label set's value: what one scrape shows.</summary>
internal sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricPoint> Points);

/// <summary>
/// One label set's value. For a histogram, <see cref="Histogram"/> holds the buckets and
/// <see cref="Value"/> is unused.
/// </summary>
internal sealed record MetricPoint(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramPoint? Histogram = null);

/// <summary>
/// A histogram's state: <see cref="Counts"/> has one entry per upper bound in <see cref="Bounds"/>
/// plus one for +Inf, each counting only the values that fell in that bucket (not cumulative).
/// </summary>
internal sealed record HistogramPoint(IReadOnlyList<double> Bounds, IReadOnlyList<long> Counts, double Sum)
{
    public long Count => Counts.Sum();
}
