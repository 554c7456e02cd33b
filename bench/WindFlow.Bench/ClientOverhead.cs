using System.Diagnostics;
using System.Globalization;
using WindFlow.Infrastructure.Docker;

namespace WindFlow.Bench;

/// <summary>
/// WindFlow's own Engine API client against curl for the same listing, in one process and one run so
/// both see the same engine state and machine load.
/// </summary>
internal static class ClientOverhead
{
    private const int WarmUps = 5;
    private const string CurlPath = "/v1.41/containers/json?all=1";

    public static async Task<int> RunAsync(string socket, int calls)
    {
        var socketPath = socket.StartsWith("unix://", StringComparison.Ordinal) ? socket["unix://".Length..] : socket;
        var client = await TimeClientAsync(socketPath, calls);
        var (curlWall, curlTotal) = await TimeCurlAsync(socketPath, calls);

        Result.Write("containers", client.Containers, "0");
        Result.Write("calls", calls, "0");
        Report("client", client.Milliseconds);
        Report("curl_wall", curlWall);
        Report("curl_total", curlTotal);
        // Two ratios: against curl as a user runs it (process start included) and against curl's own
        // transfer time (process start excluded), so neither side is favoured by the choice.
        Result.Write("ratio_wall_median", Stats.Median(client.Milliseconds) / Stats.Median(curlWall), "0.00");
        Result.Write("ratio_wall_p95", Stats.Percentile(client.Milliseconds, 95) / Stats.Percentile(curlWall, 95), "0.00");
        Result.Write("ratio_total_median", Stats.Median(client.Milliseconds) / Stats.Median(curlTotal), "0.00");
        Result.Write("ratio_total_p95", Stats.Percentile(client.Milliseconds, 95) / Stats.Percentile(curlTotal, 95), "0.00");
        return 0;
    }

    private static void Report(string name, IReadOnlyList<double> milliseconds)
    {
        Result.Write(name + "_median_ms", Stats.Median(milliseconds));
        Result.Write(name + "_p95_ms", Stats.Percentile(milliseconds, 95));
    }

    private static async Task<(List<double> Milliseconds, int Containers)> TimeClientAsync(string socketPath, int calls)
    {
        // One instance for every call, as the app keeps one per target: the first calls pay for
        // version negotiation, JIT and the connection, which the warm-ups absorb.
        using var engine = new DockerEngineClient("unix://" + socketPath);
        var count = 0;
        for (var i = 0; i < WarmUps; i++)
        {
            count = (await engine.ListContainersAsync(all: true, CancellationToken.None)).Count;
        }

        Result.Progress($"client: {count} containers, timing {calls} calls");
        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            count = (await engine.ListContainersAsync(all: true, CancellationToken.None)).Count;
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (times, count);
    }

    private static async Task<(List<double> Wall, List<double> Total)> TimeCurlAsync(string socketPath, int calls)
    {
        for (var i = 0; i < WarmUps; i++)
        {
            await CurlOnceAsync(socketPath);
        }

        Result.Progress($"curl: timing {calls} processes");
        var wall = new List<double>(calls);
        var total = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var (w, t) = await CurlOnceAsync(socketPath);
            wall.Add(w);
            total.Add(t);
        }

        return (wall, total);
    }

    // Wall time covers fork/exec of curl, its start-up, the request and its exit; %{time_total} is
    // curl's own measure from its first byte of work to the end of the transfer.
    private static async Task<(double Wall, double Total)> CurlOnceAsync(string socketPath)
    {
        var info = new ProcessStartInfo("curl")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "--unix-socket", socketPath, "-s", "-f", "-o", "/dev/null", "-w", "%{time_total}", "http://localhost" + CurlPath })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["LC_ALL"] = "C";
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start curl.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"curl exited with {process.ExitCode} for {CurlPath} on {socketPath}.");
        }

        return (wall, double.Parse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture) * 1000);
    }
}
