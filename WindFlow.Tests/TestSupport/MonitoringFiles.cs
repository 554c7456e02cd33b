using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Tests.TestSupport;

/// <summary>One PromQL expression from a dashboard panel or an alert rule, and where it came from.</summary>
public sealed record MonitoringExpression(string Source, string Expression);

/// <summary>Reads the Prometheus and Grafana files under <c>deploy/monitoring</c> for the tests that hold them to a real Prometheus.</summary>
public static partial class MonitoringFiles
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "deploy", "monitoring");

    public static string Alerts => Path.Combine(Directory, "alerts.yml");

    public static IReadOnlyList<string> Dashboards =>
        [.. System.IO.Directory.GetFiles(Path.Combine(Directory, "grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every panel's <c>expr</c>, with Grafana's variables replaced by what Grafana would send:
    /// <c>$instance</c> (a regex matcher) by <c>.*</c>, the interval variables by fixed durations.
    /// </summary>
    public static IEnumerable<MonitoringExpression> DashboardExpressions()
    {
        foreach (var file in Dashboards)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in document.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    yield return new MonitoringExpression(
                        $"{Path.GetFileName(file)} / {panel.GetProperty("title").GetString()} / {target.GetProperty("refId").GetString()}",
                        ExpandGrafanaVariables(target.GetProperty("expr").GetString()!));
                }
            }
        }
    }

    /// <summary>Every alerting rule's <c>expr</c> in alerts.yml.</summary>
    public static IEnumerable<MonitoringExpression> AlertExpressions()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Alerts)));
        var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"];
        foreach (var rule in groups.Cast<YamlMappingNode>().SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>()))
        {
            yield return new MonitoringExpression($"alerts.yml / {rule["alert"]}", ((YamlScalarNode)rule["expr"]).Value!);
        }
    }

    public static string ExpandGrafanaVariables(string expression) => expression
        .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
        .Replace("$__interval", "1m", StringComparison.Ordinal)
        .Replace("$__range", "1h", StringComparison.Ordinal)
        .Replace("$instance", ".*", StringComparison.Ordinal);

    /// <summary>
    /// The metric names an expression selects: label matchers, grouping clauses, ranges and strings
    /// are removed first, then any identifier not followed by "(" (a function) and not a keyword is a name.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var stripped = Strings().Replace(expression, "\"\"");
        stripped = Matchers().Replace(stripped, " ");
        stripped = Grouping().Replace(stripped, " ");
        stripped = Ranges().Replace(stripped, " ");
        return Identifiers().Matches(stripped)
            .Where(m => !Keywords.Contains(m.Groups["name"].Value))
            .Select(m => m.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan",
    };

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex Matchers();

    [GeneratedRegex("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)")]
    private static partial Regex Grouping();

    [GeneratedRegex("\\[[^\\]]*\\]")]
    private static partial Regex Ranges();

    // An identifier not preceded by a digit or dot (numbers such as 0.95 or 1e3) and not followed by "(".
    [GeneratedRegex("(?<![\\w.])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()")]
    private static partial Regex Identifiers();
}
