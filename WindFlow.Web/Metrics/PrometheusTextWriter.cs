using System.Globalization;
using System.Text;

namespace WindFlow.Web.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: one <c># HELP</c> and
/// <c># TYPE</c> per family, one line per sample, histograms as cumulative <c>_bucket</c> lines
/// ending with <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(StringBuilder output, IEnumerable<MetricFamily> families)
    {
        foreach (var family in families)
        {
            output.Append("# HELP ").Append(family.Name).Append(' ');
            AppendEscaped(output, family.Help, escapeQuotes: false);
            output.Append('\n');
            output.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
            foreach (var point in family.Points)
            {
                if (point.Histogram is { } histogram)
                {
                    WriteHistogram(output, family.Name, point.Labels, histogram);
                }
                else
                {
                    WriteSample(output, family.Name, point.Labels, null, point.Value);
                }
            }
        }
    }

    /// <summary>A sample value as Prometheus parses it: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        _ => "histogram",
    };

    private static void WriteHistogram(StringBuilder output, string name, IReadOnlyList<KeyValuePair<string, string>> labels, HistogramPoint histogram)
    {
        var bucketName = name + "_bucket";
        long cumulative = 0;
        for (var i = 0; i < histogram.Bounds.Count; i++)
        {
            cumulative += histogram.Counts[i];
            WriteSample(output, bucketName, labels, FormatValue(histogram.Bounds[i]), cumulative);
        }

        cumulative += histogram.Counts[histogram.Bounds.Count];
        WriteSample(output, bucketName, labels, "+Inf", cumulative);
        WriteSample(output, name + "_sum", labels, null, histogram.Sum);
        WriteSample(output, name + "_count", labels, null, cumulative);
    }

    private static void WriteSample(StringBuilder output, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        output.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            output.Append('{');
            var first = true;
            foreach (var (label, labelValue) in labels)
            {
                AppendLabel(output, label, labelValue, ref first);
            }

            if (le is not null)
            {
                AppendLabel(output, "le", le, ref first);
            }

            output.Append('}');
        }

        output.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    private static void AppendLabel(StringBuilder output, string name, string value, ref bool first)
    {
        if (!first)
        {
            output.Append(',');
        }

        first = false;
        output.Append(name).Append("=\"");
        AppendEscaped(output, value, escapeQuotes: true);
        output.Append('"');
    }

    // Label values escape \, " and newline; HELP text escapes \ and newline only.
    private static void AppendEscaped(StringBuilder output, string text, bool escapeQuotes)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '"' when escapeQuotes:
                    output.Append("\\\"");
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }
    }
}
