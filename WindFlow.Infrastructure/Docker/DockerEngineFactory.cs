using System.Collections.Concurrent;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// Hands out one <see cref="DockerEngineClient"/> per endpoint and credentials and keeps it, so its
/// pooled connections (sockets, TLS sessions, ssh processes) and negotiated API version are reused.
/// </summary>
public sealed class DockerEngineFactory : IContainerEngineFactory, IDisposable
{
    private readonly ConcurrentDictionary<(string Endpoint, EngineCredentials? Credentials), Lazy<DockerEngineClient>> _clients = new();

    /// <inheritdoc />
    public IContainerEngine Create(string endpoint) => Create(endpoint, null);

    /// <inheritdoc />
    public IContainerEngine Create(string endpoint, EngineCredentials? credentials)
    {
        // Validate before caching so a bad endpoint is reported every time, not cached as a broken client.
        DockerTransport.Validate(endpoint, credentials);
        // Credentials are part of the key: editing a target's key or certificate must not reuse the old client.
        return _clients.GetOrAdd(
            (endpoint, credentials),
            key => new Lazy<DockerEngineClient>(() => new DockerEngineClient(key.Endpoint, key.Credentials))).Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
