using System.Collections.Concurrent;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// Hands out one <see cref="DockerEngineClient"/> per endpoint and keeps it, so its pooled
/// connections and negotiated API version are reused across calls.
/// </summary>
public sealed class DockerEngineFactory : IContainerEngineFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DockerEngineClient>> _clients = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IContainerEngine Create(string endpoint)
    {
        // Validate before caching so a bad endpoint is reported every time, not cached as a broken client.
        DockerConnection.ParseUnixEndpoint(endpoint);
        return _clients.GetOrAdd(endpoint, e => new Lazy<DockerEngineClient>(() => new DockerEngineClient(e))).Value;
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
