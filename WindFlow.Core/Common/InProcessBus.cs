using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace WindFlow.Core.Common;

/// <summary>
/// An in-process publish/subscribe channel for live notifications (to Blazor circuits, streams,
/// watchers). Handlers run on the publisher's thread, so they must only record or schedule work,
/// never block. One failing handler does not stop the others.
/// </summary>
/// <typeparam name="T">The notification type.</typeparam>
public abstract class InProcessBus<T>(ILogger logger)
{
    private ImmutableArray<Action<T>> _handlers = [];

    /// <summary>Calls <paramref name="handler"/> for every notification until the result is disposed.</summary>
    public IDisposable Subscribe(Action<T> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, static (list, h) => list.Add(h), handler);
        return new Subscription(this, handler);
    }

    /// <summary>Hands <paramref name="notification"/> to every subscriber.</summary>
    public void Publish(T notification)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                handler(notification);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A subscriber failed to handle a {Notification} notification", typeof(T).Name);
            }
        }
    }

    private sealed class Subscription(InProcessBus<T> bus, Action<T> handler) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref bus._handlers, static (list, h) => list.Remove(h), handler);
    }
}
