using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.E2E;

/// <summary>
/// The published WindFlow running as a real process on a free loopback port with its own data
/// directory: what a user starts with <c>make run</c>, not an in-memory host.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private bool _ownsData = true;

    private AppProcess(Process process, string baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the published app. With <paramref name="dataDirectory"/> it runs on that directory (a
    /// restart of an earlier process) and leaves it in place when disposed; otherwise on a fresh one it deletes.
    /// <paramref name="port"/> fixes the port when another server (an OpenID provider) must know the address first.
    /// </summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null, string? dataDirectory = null, int? port = null)
    {
        if (!File.Exists(RepositoryPaths.PublishedApp))
        {
            throw new InvalidOperationException(
                $"{RepositoryPaths.PublishedApp} is missing: `make test` publishes the app before the end-to-end tests.");
        }

        port ??= TestTools.FreePort();
        var ownsData = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("windflow-e2e-").FullName;
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.PublishedApp])
        {
            WorkingDirectory = Path.GetDirectoryName(RepositoryPaths.PublishedApp)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["WINDFLOW_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["WINDFLOW_DATA_DIR"] = dataDirectory;
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var app = new AppProcess(new Process { StartInfo = start }, $"http://127.0.0.1:{port}", dataDirectory) { _ownsData = ownsData };
        app._process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        await app.WaitUntilHealthyAsync();
        return app;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"WindFlow exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/api/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but still warming up: a first request can outlast the 2 s per-try timeout on a loaded machine.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"WindFlow did not answer /api/health within 60 s:\n{Output}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>Kills the server, as a crash or a restart would, without cleaning up.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Stops the server as systemd or <c>docker stop</c> would (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownsData)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
