using System.Net.Sockets;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>The local daemon's unix socket.</summary>
internal sealed class UnixSocketTransport(string endpoint, string socketPath) : DockerTransport(endpoint)
{
    public string SocketPath { get; } = socketPath;

    public static string ParsePath(string endpoint)
    {
        const string Scheme = "unix://";
        if (!endpoint.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || endpoint.Length <= Scheme.Length
            || endpoint[Scheme.Length] != '/')
        {
            throw Invalid(endpoint, "expected unix:///path/to/docker.sock.");
        }

        return endpoint[Scheme.Length..];
    }

    public override void Configure(SocketsHttpHandler handler) => handler.ConnectCallback = ConnectAsync;

    public override ValueTask<EngineException> DescribeFailureAsync(HttpRequestException exception, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Describe(exception));

    private EngineException Describe(HttpRequestException exception)
    {
        // A missing socket surfaces as ENOENT mapped to a vague SocketError, so the file is checked directly.
        if (!File.Exists(SocketPath))
        {
            return new EngineException(
                EngineErrorKind.Unreachable,
                $"The Docker daemon is unreachable at {Endpoint}: the socket {SocketPath} does not exist (is dockerd running?).",
                innerException: exception);
        }

        var socketError = Find<SocketException>(exception);
        return socketError?.SocketErrorCode switch
        {
            SocketError.AccessDenied => new EngineException(
                EngineErrorKind.PermissionDenied,
                $"Permission denied on the Docker socket {SocketPath} ({Endpoint}): the WindFlow process may not open it "
                + "(add its user to the socket's group, usually 'docker').",
                innerException: exception),
            SocketError.ConnectionRefused => new EngineException(
                EngineErrorKind.Unreachable,
                $"The Docker daemon is unreachable at {Endpoint}: connection refused on {SocketPath} (is dockerd running?).",
                innerException: exception),
            _ => new EngineException(
                EngineErrorKind.Unreachable,
                $"The Docker daemon is unreachable at {Endpoint}: {socketError?.Message ?? exception.Message}",
                innerException: exception),
        };
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
