using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace WindFlow.Tests.TestSupport;

/// <summary>Tests in this collection share one <see cref="DockerEngine"/> and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngine>
{
    public const string Name = "docker";
}

/// <summary>
/// A real Docker engine: the system one when /var/run/docker.sock answers, otherwise a private
/// dockerd on its own socket and data root (so it never fights a system daemon), started once per
/// test run. Builds <see cref="TestImage"/> FROM scratch with the host's static busybox.
/// </summary>
public sealed class DockerEngine : IAsyncLifetime
{
    public const string TestImage = "windflow-test/busybox:latest";
    public const string SystemSocket = "/var/run/docker.sock";
    private const string BusyboxPath = "/bin/busybox";
    private const string InstallHint = "`make test` installs them (apt-get install -y docker.io busybox-static); these tests never skip.";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _createdContainers = new();
    private string? _rootDirectory;
    private Process? _daemon;

    /// <summary>The socket path of the engine under test.</summary>
    public string SocketPath { get; private set; } = SystemSocket;

    /// <summary>The endpoint string WindFlow would store for this engine.</summary>
    public string Endpoint => "unix://" + SocketPath;

    public async Task InitializeAsync()
    {
        foreach (var tool in new[] { "dockerd", "docker" })
        {
            if (FindOnPath(tool) is null)
            {
                throw new InvalidOperationException($"`{tool}` is not installed (not on PATH). {InstallHint}");
            }
        }

        if (!File.Exists(BusyboxPath))
        {
            throw new InvalidOperationException($"{BusyboxPath} is missing (Debian package busybox-static). {InstallHint}");
        }

        if (!await AnswersPingAsync(SystemSocket))
        {
            await StartPrivateDaemonAsync();
        }

        await BuildTestImageAsync();
    }

    /// <summary>
    /// Runs <paramref name="script"/> with busybox sh in a new detached container (on no network unless
    /// <paramref name="network"/> names one) and returns its id. Every container made here is removed
    /// when the test run ends.
    /// </summary>
    public async Task<string> RunContainerAsync(
        string script, bool tty = false, IEnumerable<string>? extraArguments = null, string network = "none")
    {
        var name = "wf-test-" + Guid.NewGuid().ToString("N")[..12];
        var arguments = new List<string> { "run", "-d", "--network", network, "--name", name };
        if (tty)
        {
            arguments.Add("-t");
        }

        arguments.AddRange(extraArguments ?? []);
        arguments.AddRange([TestImage, "sh", "-c", script]);
        var id = (await DockerAsync(arguments)).Trim();
        _createdContainers.Enqueue(id);
        return id;
    }

    /// <summary>
    /// Builds <paramref name="tag"/> from <paramref name="dockerfile"/> with <paramref name="files"/> as the
    /// build context (the engine has no network, so content comes in by COPY) and returns the image id.
    /// </summary>
    public async Task<string> BuildImageAsync(string tag, string dockerfile, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        var context = Path.Combine(Path.GetTempPath(), "windflow-build-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(context);
        try
        {
            foreach (var (name, content) in files ?? new Dictionary<string, byte[]>())
            {
                await File.WriteAllBytesAsync(Path.Combine(context, name), content);
            }

            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), dockerfile);
            return (await DockerAsync(["build", "-q", "-t", tag, context])).Trim();
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>Removes a container (and its anonymous volumes) if it still exists.</summary>
    public Task RemoveContainerAsync(string id) => DockerAsync(["rm", "-f", "-v", id], throwOnFailure: false);

    /// <summary>Runs the docker CLI against this engine and returns its standard output.</summary>
    public Task<string> DockerAsync(IReadOnlyList<string> arguments, bool throwOnFailure = true, TimeSpan? timeout = null) =>
        CliAsync("docker", arguments, throwOnFailure, timeout);

    /// <summary>Runs Debian's docker-compose (v1, the reference implementation) against this engine.</summary>
    public Task<string> ComposeAsync(IReadOnlyList<string> arguments, bool throwOnFailure = true) =>
        CliAsync("docker-compose", arguments, throwOnFailure);

    private async Task<string> CliAsync(string tool, IReadOnlyList<string> arguments, bool throwOnFailure, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOCKER_HOST"] = Endpoint;
        // The legacy builder is built into the daemon; BuildKit would need the buildx plugin.
        info.Environment["DOCKER_BUILDKIT"] = "0";
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0 && throwOnFailure)
        {
            throw new InvalidOperationException(
                $"`{tool} {string.Join(' ', arguments)}` failed with exit code {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await stdout;
    }

    public async Task DisposeAsync()
    {
        while (_createdContainers.TryDequeue(out var id))
        {
            await RemoveContainerAsync(id);
        }

        if (_daemon is not null)
        {
            if (!_daemon.HasExited)
            {
                // SIGTERM lets dockerd stop its containerd and unmount its layers before exiting.
                using var term = Process.Start("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await _daemon.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _daemon.Kill(entireProcessTree: true);
                }
            }

            _daemon.Dispose();
        }

        if (_rootDirectory is not null)
        {
            try
            {
                Directory.Delete(_rootDirectory, recursive: true);
                File.Delete(SocketPath);
            }
            catch (IOException)
            {
                // A layer still mounted after a hard kill; /tmp is cleaned with the machine.
            }
            catch (UnauthorizedAccessException)
            {
                // Same as above.
            }
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    private static async Task<bool> AnswersPingAsync(string socketPath)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync("http://docker/_ping");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task StartPrivateDaemonAsync()
    {
        // Short paths: containerd's sockets live under the exec root and must stay under 108 bytes.
        var id = Guid.NewGuid().ToString("N")[..12];
        _rootDirectory = $"/tmp/windflow-docker-{id}";
        Directory.CreateDirectory(_rootDirectory);
        SocketPath = $"/tmp/windflow-docker-{id}.sock";
        var logPath = Path.Combine(_rootDirectory, "dockerd.log");
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
        };
        // The shell only redirects dockerd's output to a file, then becomes dockerd (exec), so the pid is dockerd's.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec dockerd \"$@\" >\"$WF_DOCKERD_LOG\" 2>&1");
        info.ArgumentList.Add("dockerd");
        foreach (var argument in new[]
        {
            "--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false",
            "--host", Endpoint,
            "--data-root", Path.Combine(_rootDirectory, "data"),
            "--exec-root", Path.Combine(_rootDirectory, "exec"),
            "--pidfile", Path.Combine(_rootDirectory, "dockerd.pid"),
        })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WF_DOCKERD_LOG"] = logPath;
        info.Environment["PATH"] = (Environment.GetEnvironmentVariable("PATH") ?? "") + ":/usr/sbin:/sbin";
        _daemon = Process.Start(info) ?? throw new InvalidOperationException("Could not start dockerd.");

        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartTimeout)
        {
            if (_daemon.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited with code {_daemon.ExitCode} during start-up.{TestTools.LogTail(logPath, "dockerd")}");
            }

            if (await AnswersPingAsync(SocketPath))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"dockerd did not answer /_ping on {SocketPath} within {StartTimeout.TotalSeconds:0} s.{TestTools.LogTail(logPath, "dockerd")}");
    }

    private Task BuildTestImageAsync() => BuildBusyboxImageAsync(arguments => DockerAsync(arguments));

    /// <summary>Builds <see cref="TestImage"/> (busybox with its applets, nothing else) with the given docker CLI runner.</summary>
    public static async Task BuildBusyboxImageAsync(Func<IReadOnlyList<string>, Task> docker)
    {
        var context = Path.Combine(Path.GetTempPath(), "windflow-busybox-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(context);
        try
        {
            File.Copy(BusyboxPath, Path.Combine(context, "busybox"));
            await File.WriteAllTextAsync(
                Path.Combine(context, "Dockerfile"),
                "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCMD [\"sh\"]\n");
            await docker(["build", "-q", "-t", TestImage, context]);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }
}
