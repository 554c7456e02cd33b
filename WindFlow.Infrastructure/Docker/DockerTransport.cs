using System.Text.RegularExpressions;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// How bytes reach one daemon: a unix socket, TCP with TLS client certificates, or the system ssh
/// client running <c>docker system dial-stdio</c>. It shapes the HTTP handler and explains failures.
/// </summary>
internal abstract partial class DockerTransport : IDisposable
{
    protected DockerTransport(string endpoint)
    {
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>The request base address; its host is only dialled for TCP, where TLS checks it.</summary>
    public virtual Uri BaseAddress { get; } = new("http://docker/");

    /// <summary>Checks the endpoint and credentials without side effects (no temp files, no sockets).</summary>
    public static void Validate(string endpoint, EngineCredentials? credentials)
    {
        using var _ = CreateCore(endpoint, credentials, validateOnly: true);
    }

    public static DockerTransport Create(string endpoint, EngineCredentials? credentials) =>
        CreateCore(endpoint, credentials, validateOnly: false)!;

    public abstract void Configure(SocketsHttpHandler handler);

    /// <summary>Turns a failed request into an operator-facing error naming the endpoint.</summary>
    public abstract ValueTask<EngineException> DescribeFailureAsync(HttpRequestException exception, CancellationToken cancellationToken);

    public virtual void Dispose()
    {
    }

    /// <summary>The first exception of type <typeparamref name="T"/> in the inner-exception chain.</summary>
    protected static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    protected static EngineException Invalid(string endpoint, string reason) =>
        new(EngineErrorKind.InvalidEndpoint, $"Unsupported Docker endpoint '{endpoint}': {reason}");

    private static DockerTransport? CreateCore(string endpoint, EngineCredentials? credentials, bool validateOnly)
    {
        const string Expected = "expected unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port].";
        if (endpoint.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = UnixSocketTransport.ParsePath(endpoint);
            return validateOnly ? null : new UnixSocketTransport(endpoint, path);
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Invalid(endpoint, Expected);
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid(endpoint, "a remote endpoint carries no path, query or fragment.");
        }

        // Host and user end up on the ssh command line: a leading '-' would be read as an option.
        if (!SafeHost().IsMatch(uri.Host))
        {
            throw Invalid(endpoint, $"'{uri.Host}' is not a valid host name or address.");
        }

        switch (uri.Scheme.ToLowerInvariant())
        {
            case "tcp":
                var tls = TlsTcpTransport.ReadCredentials(endpoint, credentials);
                if (validateOnly)
                {
                    tls.Ca.Dispose();
                    tls.ClientCertificate?.Dispose();
                    return null;
                }

                return new TlsTcpTransport(endpoint, uri.Host, uri.IsDefaultPort ? 2376 : uri.Port, tls);
            case "ssh":
                var user = Uri.UnescapeDataString(uri.UserInfo);
                if (user.Length > 0 && !SafeUser().IsMatch(user))
                {
                    throw Invalid(endpoint, $"'{user}' is not a valid user name.");
                }

                return validateOnly ? null : new SshTransport(endpoint, user, uri.Host, uri.IsDefaultPort ? 22 : uri.Port, credentials?.SshPrivateKey);
            default:
                throw Invalid(endpoint, Expected);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9\[][A-Za-z0-9.:\-\[\]]*$")]
    private static partial Regex SafeHost();

    [GeneratedRegex(@"^[A-Za-z0-9_.][A-Za-z0-9_.\-]*$")]
    private static partial Regex SafeUser();
}
