using System.Globalization;

namespace WindFlow.Web.Metrics;

/// <summary>How an instrument's measurements combine within one label set.</summary>
internal enum Aggregation
{
    /// <summary>Counters and up-down counters: measurements are deltas.</summary>
    Sum,

    /// <summary>Gauges and every observable instrument: a measurement is the current value.</summary>
    LastValue,

    /// <summary>Histograms: bucket counts, sum and count.</summary>
    Histogram,
}

/// <summary>
/// One instrument's state, one series per label set. Measurements arrive on any thread, so a lock
/// guards the table; finding an existing series allocates nothing (tags are hashed and compared in
/// place), which keeps the per-request cost of HTTP metrics small.
/// </summary>
internal sealed class InstrumentAggregator(string name, string help, MetricType type, Aggregation aggregation, double[] bounds, int maxSeries)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Series> _series = [];
    private int _count;

    public string Name => name;

    public string Help => help;

    public MetricType Type => type;

    /// <summary>Set once when a measurement was dropped because the instrument reached its series limit.</summary>
    public bool Overflowed { get; private set; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = HashOf(tags);
        lock (_gate)
        {
            var series = Find(hash, tags) ?? Add(hash, tags);
            if (series is null)
            {
                return;
            }

            switch (aggregation)
            {
                case Aggregation.Sum:
                    series.Value += value;
                    break;
                case Aggregation.LastValue:
                    series.Value = value;
                    break;
                default:
                    series.Counts![BucketOf(value)]++;
                    series.Value += value;
                    break;
            }
        }
    }

    /// <summary>Forgets every series: observable instruments report afresh on each scrape, so a label set they stop reporting disappears.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _series.Clear();
            _count = 0;
        }
    }

    public List<MetricPoint> Snapshot()
    {
        lock (_gate)
        {
            var points = new List<MetricPoint>(_count);
            foreach (var head in _series.Values)
            {
                for (var series = head; series is not null; series = series.Next)
                {
                    points.Add(aggregation == Aggregation.Histogram
                        ? new MetricPoint(series.Labels, 0, new HistogramPoint(bounds, [.. series.Counts!], series.Value))
                        : new MetricPoint(series.Labels, series.Value));
                }
            }

            return points;
        }
    }

    // Order-independent, so the same tags in another order find the same series.
    private static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash = unchecked(hash + HashCode.Combine(tag.Key, tag.Value));
        }

        return hash;
    }

    private Series? Find(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_series.TryGetValue(hash, out var series))
        {
            return null;
        }

        for (; series is not null; series = series.Next)
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        return null;
    }

    private Series? Add(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_count >= maxSeries)
        {
            Overflowed = true;
            return null;
        }

        var series = new Series(tags.ToArray(), LabelsOf(tags), aggregation == Aggregation.Histogram ? new long[bounds.Length + 1] : null);
        if (_series.TryGetValue(hash, out var head))
        {
            series.Next = head;
        }

        _series[hash] = series;
        _count++;
        return series;
    }

    // A value equal to a bound belongs to that bound's bucket (le = "less than or equal").
    private int BucketOf(double value)
    {
        var index = Array.BinarySearch(bounds, value);
        return index >= 0 ? index : ~index;
    }

    private static KeyValuePair<string, string>[] LabelsOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(PrometheusNames.Label(tags[i].Key), Format(tags[i].Value));
        }

        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return labels;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private sealed class Series(KeyValuePair<string, object?>[] tags, KeyValuePair<string, string>[] labels, long[]? counts)
    {
        public KeyValuePair<string, string>[] Labels { get; } = labels;

        public long[]? Counts { get; } = counts;

        /// <summary>The sum, the last value, or a histogram's sum.</summary>
        public double Value { get; set; }

        public Series? Next { get; set; }

        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
        {
            if (other.Length != tags.Length)
            {
                return false;
            }

            foreach (var tag in other)
            {
                if (!Contains(tag))
                {
                    return false;
                }
            }

            return true;
        }

        private bool Contains(KeyValuePair<string, object?> tag)
        {
            foreach (var mine in tags)
            {
                if (string.Equals(mine.Key, tag.Key, StringComparison.Ordinal) && Equals(mine.Value, tag.Value))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
