using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WindFlow.Tests.TestSupport;

/// <summary>Small process and port helpers shared by the fixtures that start real servers.</summary>
internal static class TestTools
{
    /// <summary>The full path of <paramref name="tool"/> on PATH (plus the sbin directories), or null.</summary>
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>A loopback port nothing listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a tool to completion and throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string tool, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var result = await RunCapturedAsync(tool, arguments, workingDirectory);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{tool} {string.Join(' ', arguments)}` failed with exit code {result.ExitCode}: {result.Stderr}{result.Stdout}");
        }

        return result.Stdout;
    }

    /// <summary>Runs a tool to completion with <paramref name="input"/> on its standard input; returns its exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(
        string tool, IEnumerable<string> arguments, string? input = null, string? workingDirectory = null)
    {
        var result = await RunCapturedAsync(tool, arguments, workingDirectory, input: input);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>The outcome of <see cref="RunCapturedAsync"/>.</summary>
    public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs a tool to completion and returns its exit code and output, failing only on timeout (60 s unless
    /// told). <paramref name="environment"/> adds variables (a null value removes one); with
    /// <paramref name="cleanEnvironment"/> the tool sees only those plus PATH and HOME;
    /// <paramref name="input"/> goes to its standard input.
    /// </summary>
    public static async Task<ProcessResult> RunCapturedAsync(
        string tool,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        bool cleanEnvironment = false,
        string? input = null)
    {
        var info = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (cleanEnvironment)
        {
            foreach (var name in info.Environment.Keys.Where(k => k is not ("PATH" or "HOME")).ToList())
            {
                info.Environment.Remove(name);
            }
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{tool} {string.Join(' ', info.ArgumentList)}` did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running server with its stdout and stderr appended to <paramref name="logPath"/>.</summary>
    public static Process StartLogged(string program, IEnumerable<string> arguments, string logPath)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // The shell only redirects output to the log, then becomes the server (exec), so the pid is the server's.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$WF_SERVER_LOG\" 2>&1");
        info.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WF_SERVER_LOG"] = logPath;
        info.Environment["PATH"] = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/sbin:/sbin";
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
    }

    /// <summary>Stops a server with SIGTERM, then SIGKILL if it has not exited after <paramref name="grace"/>.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (!process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }

    public static string LogTail(string logPath, string name) => File.Exists(logPath)
        ? $"{Environment.NewLine}{name} log tail:{Environment.NewLine}{string.Join(Environment.NewLine, File.ReadLines(logPath).TakeLast(40))}"
        : $" {name} wrote no log.";

    /// <summary>True once something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
