using System.Diagnostics;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// A private OpenSSH server on a free 127.0.0.1 port with a throwaway host key, accepting one
/// generated client key for the current user, whose sessions reach the test Docker engine
/// (<c>SetEnv DOCKER_HOST</c>) so <c>docker system dial-stdio</c> works as on a real host.
/// Started on first use because it needs the engine's socket, which another fixture owns.
/// </summary>
public sealed class SshServer : IAsyncLifetime
{
    private const string InstallHint =
        "`make test` installs it (apt-get install -y openssh-server openssh-client); these tests never skip.";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _start = new(1, 1);
    private string _root = "";
    private Process? _sshd;

    public int Port { get; private set; }

    /// <summary>A second port of the same server whose sessions have no <c>docker</c> on PATH.</summary>
    public int NoDockerPort { get; private set; }

    /// <summary>The user the client key is authorized for: whoever runs the tests (root in CI).</summary>
    public string User { get; } = Environment.UserName;

    /// <summary>The endpoint WindFlow would store, for example <c>ssh://root@127.0.0.1:40222</c>.</summary>
    public string Endpoint => $"ssh://{User}@127.0.0.1:{Port}";

    /// <summary>The private key in authorized_keys.</summary>
    public string ClientKey { get; private set; } = "";

    /// <summary>A valid private key that the server does not know.</summary>
    public string UnknownKey { get; private set; } = "";

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Starts sshd once; later calls return at once.</summary>
    public async Task StartAsync(string dockerEndpoint)
    {
        await _start.WaitAsync();
        try
        {
            if (_sshd is null)
            {
                await StartCoreAsync(dockerEndpoint);
            }
        }
        finally
        {
            _start.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_sshd is not null)
        {
            await TestTools.StopAsync(_sshd, TimeSpan.FromSeconds(5));
        }

        if (_root.Length > 0)
        {
            Directory.Delete(_root, recursive: true);
        }

        _start.Dispose();
    }

    private async Task StartCoreAsync(string dockerEndpoint)
    {
        var sshd = File.Exists("/usr/sbin/sshd") ? "/usr/sbin/sshd" : TestTools.Find("sshd");
        if (sshd is null)
        {
            throw new InvalidOperationException($"sshd (Debian package openssh-server) is not installed. {InstallHint}");
        }

        foreach (var tool in new[] { "ssh", "ssh-keygen" })
        {
            if (TestTools.Find(tool) is null)
            {
                throw new InvalidOperationException($"`{tool}` (Debian package openssh-client) is not installed. {InstallHint}");
            }
        }

        _root = Path.Combine(Path.GetTempPath(), "windflow-sshd-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_root);
        var hostKey = Path.Combine(_root, "host_ed25519");
        var clientKey = Path.Combine(_root, "client_ed25519");
        var unknownKey = Path.Combine(_root, "unknown_ed25519");
        foreach (var key in new[] { hostKey, clientKey, unknownKey })
        {
            await TestTools.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "windflow-test", "-f", key]);
        }

        var authorizedKeys = Path.Combine(_root, "authorized_keys");
        File.Copy(clientKey + ".pub", authorizedKeys);
        ClientKey = await File.ReadAllTextAsync(clientKey);
        UnknownKey = await File.ReadAllTextAsync(unknownKey);

        // sshd running as root insists on its privilege-separation directory.
        if (Environment.UserName == "root")
        {
            Directory.CreateDirectory("/run/sshd");
        }

        Port = TestTools.FreePort();
        NoDockerPort = TestTools.FreePort();
        var config = Path.Combine(_root, "sshd_config");
        await File.WriteAllTextAsync(
            config,
            $"""
            Port {Port}
            Port {NoDockerPort}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {Path.Combine(_root, "sshd.pid")}
            AuthorizedKeysFile {authorizedKeys}
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            LogLevel VERBOSE
            # SetEnv keeps its first value, so each port sets its whole environment in its own block.
            Match LocalPort {Port}
                SetEnv DOCKER_HOST={dockerEndpoint}
            Match LocalPort {NoDockerPort}
                SetEnv DOCKER_HOST={dockerEndpoint} PATH=/var/empty

            """);

        var logPath = Path.Combine(_root, "sshd.log");
        // -e logs to stderr (the log file) instead of syslog, which does not exist in a container.
        _sshd = TestTools.StartLogged(sshd, ["-D", "-e", "-f", config], logPath);
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartTimeout)
        {
            if (_sshd.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with code {_sshd.ExitCode} during start-up.{TestTools.LogTail(logPath, "sshd")}");
            }

            if (await TestTools.AcceptsAsync(Port) && await TestTools.AcceptsAsync(NoDockerPort))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"sshd did not listen on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s.{TestTools.LogTail(logPath, "sshd")}");
    }
}
