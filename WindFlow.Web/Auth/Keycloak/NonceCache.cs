using System.Collections.Concurrent;

namespace WindFlow.Web.Auth.Keycloak;

/// <summary>
/// Nonces already accepted, kept until their ID token expires: a captured ID token replayed with
/// its (still valid) state is refused even within its lifetime.
/// </summary>
internal sealed class NonceCache(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    /// <summary>Records the nonce; false when it was used before.</summary>
    public bool TryConsume(string nonce, DateTimeOffset keepUntil)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, until) in _used)
        {
            if (until < now)
            {
                _used.TryRemove(key, out _);
            }
        }

        return _used.TryAdd(nonce, keepUntil);
    }
}
