using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> 2.42) on a free 127.0.0.1 port with its own
/// storage in a temp directory, scraping one target every second, with optional rule files.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string PrometheusPath = "/usr/bin/prometheus";
    public const string PromtoolPath = "/usr/bin/promtool";
    private const string InstallHint = "`make test` installs it (apt-get install -y prometheus); these tests never skip.";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly Process _process;
    private readonly HttpClient _http;

    private PrometheusServer(string root, Process process, int port)
    {
        _root = root;
        _process = process;
        BaseUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        // No proxy: a proxy configured on the machine must not be asked for a loopback address.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string BaseUrl { get; }

    private string LogPath => Path.Combine(_root, "prometheus.log");

    /// <summary>Starts Prometheus scraping <paramref name="scrapeTarget"/> (host:port, job "windflow") when given, loading <paramref name="ruleFiles"/>.</summary>
    public static async Task<PrometheusServer> StartAsync(string? scrapeTarget = null, IEnumerable<string>? ruleFiles = null)
    {
        if (!File.Exists(PrometheusPath))
        {
            throw new InvalidOperationException($"{PrometheusPath} (Debian package prometheus) is not installed. {InstallHint}");
        }

        var root = Directory.CreateTempSubdirectory("windflow-prometheus-").FullName;
        var rules = string.Join("", (ruleFiles ?? []).Select(f => $"\n  - {f}"));
        var scrape = scrapeTarget is null ? " []" : $"""

              - job_name: windflow
                metrics_path: /metrics
                static_configs:
                  - targets: ["{scrapeTarget}"]
            """;
        await File.WriteAllTextAsync(
            Path.Combine(root, "prometheus.yml"),
            $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:{(rules.Length == 0 ? " []" : rules)}
            scrape_configs:{scrape}

            """);
        var port = TestTools.FreePort();
        var process = TestTools.StartLogged(
            PrometheusPath,
            [
                "--config.file=" + Path.Combine(root, "prometheus.yml"),
                "--storage.tsdb.path=" + Path.Combine(root, "data"),
                string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
            ],
            Path.Combine(root, "prometheus.log"));
        var server = new PrometheusServer(root, process, port);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Runs promtool with <paramref name="arguments"/> (and <paramref name="input"/> on its standard input); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(IEnumerable<string> arguments, string? input = null, string? workingDirectory = null)
    {
        if (!File.Exists(PromtoolPath))
        {
            throw new InvalidOperationException($"{PromtoolPath} (Debian package prometheus) is not installed. {InstallHint}");
        }

        var (exitCode, stdout, stderr) = await TestTools.RunToExitAsync(PromtoolPath, arguments, input, workingDirectory);
        return (exitCode, stdout + stderr);
    }

    /// <summary>An instant query's <c>data</c>; fails the test with Prometheus' error when it refuses the expression.</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        var (data, error) = await TryQueryAsync(promql);
        return error is null ? data : throw new Xunit.Sdk.XunitException($"Prometheus refused `{promql}`: {error}");
    }

    /// <summary>An instant query: its <c>data</c>, or Prometheus' error (a parse error, an unknown function...).</summary>
    public async Task<(JsonElement Data, string? Error)> TryQueryAsync(string promql)
    {
        using var response = await _http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("status").GetString() == "success"
            ? (body.GetProperty("data").Clone(), null)
            : (default, $"{body.GetProperty("errorType").GetString()}: {body.GetProperty("error").GetString()}");
    }

    /// <summary>
    /// Polls an instant query until its first sample's value satisfies <paramref name="accept"/>;
    /// returns that value, or fails with the last answer and Prometheus' target state.
    /// </summary>
    public async Task<double> WaitForValueAsync(string promql, Func<double, bool> accept, TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        JsonElement last = default;
        while (elapsed.Elapsed < timeout)
        {
            last = await QueryAsync(promql);
            var result = last.GetProperty("result");
            if (result.GetArrayLength() > 0)
            {
                var value = double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                if (accept(value))
                {
                    return value;
                }
            }

            await Task.Delay(500);
        }

        throw new Xunit.Sdk.XunitException(
            $"`{promql}` did not reach the expected value within {timeout.TotalSeconds:0} s; last answer: {last}\nTargets: {await GetAsync("/api/v1/targets")}");
    }

    /// <summary>Every metric name Prometheus has stored.</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync()
    {
        var body = JsonDocument.Parse(await GetAsync("/api/v1/label/__name__/values")).RootElement;
        return body.GetProperty("data").EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The raw body of a GET on Prometheus' HTTP API.</summary>
    public async Task<string> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await TestTools.StopAsync(_process, TimeSpan.FromSeconds(10));
        Directory.Delete(_root, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode} during start-up.{TestTools.LogTail(LogPath, "prometheus")}");
            }

            try
            {
                using var response = await _http.GetAsync("/-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"prometheus was not ready on {BaseUrl} within {StartTimeout.TotalSeconds:0} s.{TestTools.LogTail(LogPath, "prometheus")}");
    }
}
