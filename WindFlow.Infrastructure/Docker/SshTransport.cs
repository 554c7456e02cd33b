using System.Globalization;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// <c>ssh://user@host[:port]</c> the way the docker CLI does it: every HTTP connection is one
/// <c>ssh ... docker system dial-stdio</c> process whose stdin/stdout carry the bytes. The private
/// key and the known-hosts file live in a 0700 temp directory owned by this transport.
/// </summary>
internal sealed class SshTransport : DockerTransport
{
    private readonly string _directory;
    private readonly string? _keyPath;
    private readonly string _knownHostsPath;
    private readonly string _destination;
    private readonly int _port;

    public SshTransport(string endpoint, string user, string host, int port, string? privateKey)
        : base(endpoint)
    {
        // The key file's 0600 mode and the ssh client are Unix facts; WindFlow runs on Linux.
        if (OperatingSystem.IsWindows())
        {
            throw new EngineException(EngineErrorKind.InvalidEndpoint, $"ssh:// endpoints ({endpoint}) are supported on Linux hosts only.");
        }

        _destination = user.Length > 0 ? $"{user}@{host.Trim('[', ']')}" : host.Trim('[', ']');
        _port = port;
        _directory = Path.Combine(Path.GetTempPath(), "windflow-ssh-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Host keys are learned on first contact (accept-new) and pinned for this transport's lifetime.
        _knownHostsPath = Path.Combine(_directory, "known_hosts");
        File.WriteAllText(_knownHostsPath, "");
        if (!string.IsNullOrWhiteSpace(privateKey))
        {
            _keyPath = Path.Combine(_directory, "id");
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                // ssh refuses a key file that others can read.
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using var writer = new StreamWriter(_keyPath, options);
            // ssh rejects a key without its final newline, which copy-paste into a form often drops.
            writer.Write(privateKey.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n");
        }
    }

    /// <summary>The ssh command line (after the program name) that opens one connection to the remote daemon.</summary>
    public IReadOnlyList<string> Arguments
    {
        get
        {
            var arguments = new List<string>
            {
                "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=accept-new",
                "-o", "UserKnownHostsFile=" + _knownHostsPath,
                "-o", "ConnectTimeout=15",
                "-o", "ServerAliveInterval=30",
                "-o", "LogLevel=ERROR",
                "-T",
            };
            if (_keyPath is not null)
            {
                // Only the target's key: keys from an agent or ~/.ssh would blur which identity failed.
                arguments.AddRange(["-o", "IdentitiesOnly=yes", "-i", _keyPath]);
            }

            arguments.AddRange(["-p", _port.ToString(CultureInfo.InvariantCulture), _destination, "--", "docker", "system", "dial-stdio"]);
            return arguments;
        }
    }

    public override void Configure(SocketsHttpHandler handler) =>
        handler.ConnectCallback = (_, cancellationToken) => SshProcessStream.StartAsync(Endpoint, Arguments, cancellationToken);

    public override ValueTask<EngineException> DescribeFailureAsync(HttpRequestException exception, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Find<EngineException>(exception) ?? new EngineException(
            EngineErrorKind.Unreachable,
            $"The Docker daemon is unreachable at {Endpoint} over ssh: {exception.Message}",
            innerException: exception));

    public override void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone (for example /tmp cleaned); nothing secret is left behind.
        }
    }

    /// <summary>Explains why an ssh process ended, from its exit code and what it wrote to stderr.</summary>
    public static EngineException DescribeExit(string endpoint, int exitCode, string stderr)
    {
        var detail = string.Join(' ', stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (detail.Length == 0)
        {
            detail = string.Create(CultureInfo.InvariantCulture, $"ssh exited with code {exitCode}");
        }

        bool Says(string text) => stderr.Contains(text, StringComparison.OrdinalIgnoreCase);

        if (Says("Permission denied (") || Says("Too many authentication failures") || Says("no mutual signature"))
        {
            return new EngineException(
                EngineErrorKind.AuthenticationFailed,
                $"SSH authentication with {endpoint} failed: the host refused the private key ({detail}).");
        }

        if (Says("Host key verification failed") || Says("REMOTE HOST IDENTIFICATION HAS CHANGED"))
        {
            return new EngineException(
                EngineErrorKind.AuthenticationFailed,
                $"SSH authentication with {endpoint} failed: the host's key does not match the one seen before ({detail}).");
        }

        if (Says("Could not resolve hostname") || Says("Connection refused") || Says("No route to host")
            || Says("Connection timed out") || Says("Network is unreachable") || Says("Operation timed out"))
        {
            return new EngineException(EngineErrorKind.Unreachable, $"The SSH host of {endpoint} is unreachable: {detail}");
        }

        if (exitCode == 127 || (Says("docker") && (Says("not found") || Says("No such file or directory"))))
        {
            return new EngineException(
                EngineErrorKind.Unreachable,
                $"The docker CLI is not installed (or not on PATH) on the SSH host of {endpoint}; `docker system dial-stdio` "
                + $"needs it: {detail}");
        }

        if (Says("permission denied while trying to connect to the Docker daemon"))
        {
            return new EngineException(
                EngineErrorKind.PermissionDenied,
                $"The SSH user of {endpoint} may not open the Docker socket on the host (add it to the 'docker' group): {detail}");
        }

        if (Says("Cannot connect to the Docker daemon") || Says("Is the docker daemon running"))
        {
            return new EngineException(EngineErrorKind.Unreachable, $"The Docker daemon on the SSH host of {endpoint} is not running: {detail}");
        }

        return new EngineException(EngineErrorKind.Unreachable, $"The Docker daemon is unreachable at {endpoint} over ssh: {detail}");
    }
}
