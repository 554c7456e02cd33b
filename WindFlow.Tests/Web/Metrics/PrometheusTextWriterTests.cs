using System.Text;
using WindFlow.Web.Metrics;

namespace WindFlow.Tests.Web.Metrics;

public sealed class PrometheusTextWriterTests
{
    private static string Write(params MetricFamily[] families)
    {
        var output = new StringBuilder();
        PrometheusTextWriter.Write(output, families);
        return output.ToString();
    }

    private static KeyValuePair<string, string>[] Labels(params (string Name, string Value)[] labels) =>
        [.. labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value))];

    [Fact]
    public void Write_LabelValueWithBackslashQuoteAndNewline_EscapesEachOne()
    {
        var text = Write(new MetricFamily("x_total", "help", MetricType.Counter, [new MetricPoint(Labels(("path", "C:\\dir \"quoted\"\nnext")), 3)]));

        Assert.Contains("x_total{path=\"C:\\\\dir \\\"quoted\\\"\\nnext\"} 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HelpWithBackslashNewlineAndQuote_EscapesBackslashAndNewlineOnly()
    {
        var text = Write(new MetricFamily("g", "a \\ b\nc \"d\"", MetricType.Gauge, [new MetricPoint([], 1)]));

        Assert.StartsWith("# HELP g a \\\\ b\\nc \"d\"\n# TYPE g gauge\ng 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Histogram_BucketsAreCumulativeAndInfEqualsCount()
    {
        // Per-bucket counts 2 (<= 0.1), 0 (<= 0.5), 3 (<= 1) and 1 above every bound.
        var histogram = new HistogramPoint([0.1, 0.5, 1], [2, 0, 3, 1], 4.25);
        var text = Write(new MetricFamily("d_seconds", "durations", MetricType.Histogram, [new MetricPoint(Labels(("route", "/a")), 0, histogram)]));

        Assert.Equal(
            """
            # HELP d_seconds durations
            # TYPE d_seconds histogram
            d_seconds_bucket{route="/a",le="0.1"} 2
            d_seconds_bucket{route="/a",le="0.5"} 2
            d_seconds_bucket{route="/a",le="1"} 5
            d_seconds_bucket{route="/a",le="+Inf"} 6
            d_seconds_sum{route="/a"} 4.25
            d_seconds_count{route="/a"} 6

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Write_HistogramWithoutLabels_PutsLeAsOnlyLabel()
    {
        var text = Write(new MetricFamily("h", "h", MetricType.Histogram, [new MetricPoint([], 0, new HistogramPoint([1], [0, 0], 0))]));

        Assert.Contains("h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(12345678.0, "12345678")]
    public void FormatValue_Value_WritesWhatPrometheusParses(double value, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));
    }

    [Fact]
    public void Write_TwoFamilies_EachHasOneHelpAndTypeBeforeItsSamples()
    {
        var text = Write(
            new MetricFamily("a_total", "A", MetricType.Counter, [new MetricPoint(Labels(("k", "1")), 1), new MetricPoint(Labels(("k", "2")), 2)]),
            new MetricFamily("b", "B", MetricType.Gauge, [new MetricPoint([], 7)]));

        Assert.Equal(
            "# HELP a_total A\n# TYPE a_total counter\na_total{k=\"1\"} 1\na_total{k=\"2\"} 2\n# HELP b B\n# TYPE b gauge\nb 7\n",
            text);
    }
}
