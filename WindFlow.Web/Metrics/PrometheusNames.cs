using System.Text;

namespace WindFlow.Web.Metrics;

/// <summary>
/// Turns OpenTelemetry-style instrument names and units into Prometheus metric and label names, as
/// the OpenTelemetry-to-Prometheus compatibility rules do: invalid characters become <c>_</c>, the
/// unit becomes a suffix (<c>s</c> -> <c>_seconds</c>, <c>By</c> -> <c>_bytes</c>, annotations such
/// as <c>{request}</c> are dropped) and monotonic counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["min"] = "minutes",
        ["h"] = "hours",
        ["d"] = "days",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
    };

    /// <summary>The metric name for an instrument; <paramref name="counter"/> adds <c>_total</c>.</summary>
    public static string Metric(string instrumentName, string? unit, bool counter, bool gauge)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit, gauge);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>A label name: <c>http.route</c> -> <c>http_route</c>.</summary>
    public static string Label(string tagName) => Sanitize(tagName, allowColon: false);

    private static string UnitSuffix(string? unit, bool gauge)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return "";
        }

        // Dimensionless: "_ratio" is only meaningful for a gauge (a ratio that is counted makes no sense).
        if (unit == "1")
        {
            return gauge ? "ratio" : "";
        }

        var parts = StripAnnotations(unit).Split('/', 2);
        var main = parts[0].Length == 0 ? "" : Units.GetValueOrDefault(parts[0]) ?? Sanitize(parts[0], allowColon: false);
        if (parts.Length == 1 || parts[1].Length == 0)
        {
            return main.Trim('_');
        }

        var per = PerUnits.GetValueOrDefault(parts[1]) ?? Units.GetValueOrDefault(parts[1]) ?? Sanitize(parts[1], allowColon: false);
        return (main.Length == 0 ? "per_" + per : main + "_per_" + per).Trim('_');
    }

    // "{request}" and "By{packet}" carry no unit Prometheus can use.
    private static string StripAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // [a-zA-Z_:][a-zA-Z0-9_:]* (no colon for labels); runs of underscores collapse to one.
    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(next);
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
