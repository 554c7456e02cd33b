using WindFlow.Core.Targets;

namespace WindFlow.Web.Components.Shared;

/// <summary>
/// A circuit's subscription to the engine event bus. Bursts (a compose project starting ten
/// containers) are folded into one callback per quiet period, listing the targets concerned, so a
/// list reloads once instead of ten times. Dispose it when the component goes away.
/// </summary>
public sealed class TargetFeed : IDisposable
{
    private readonly Func<IReadOnlySet<Guid>, bool, Task> _onChanged;
    private readonly Func<Func<Task>, Task> _invoke;
    private readonly Func<TargetNotification, bool> _filter;
    private readonly TimeSpan _quietPeriod;
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private HashSet<Guid> _pending = [];
    private bool _targetsChanged;
    private bool _scheduled;
    private bool _disposed;

    /// <param name="bus">The bus to listen to.</param>
    /// <param name="filter">Which notifications matter to the component.</param>
    /// <param name="invoke">The component's <c>InvokeAsync</c>, so the callback runs on its dispatcher.</param>
    /// <param name="onChanged">Called with the targets concerned, and whether targets themselves changed (created, edited, deleted, status).</param>
    /// <param name="quietPeriod">How long to wait for more notifications before calling back.</param>
    public TargetFeed(
        EngineEventBus bus,
        Func<TargetNotification, bool> filter,
        Func<Func<Task>, Task> invoke,
        Func<IReadOnlySet<Guid>, bool, Task> onChanged,
        TimeSpan? quietPeriod = null)
    {
        _filter = filter;
        _invoke = invoke;
        _onChanged = onChanged;
        _quietPeriod = quietPeriod ?? TimeSpan.FromMilliseconds(150);
        _subscription = bus.Subscribe(OnNotification);
    }

    /// <summary>Container events only: what a container list needs.</summary>
    public static bool ContainerEvents(TargetNotification n) =>
        n.Kind != TargetNotificationKind.EngineEvent || n.Event?.Type == "container";

    private void OnNotification(TargetNotification notification)
    {
        if (!_filter(notification))
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _pending.Add(notification.TargetId);
            _targetsChanged |= notification.Kind != TargetNotificationKind.EngineEvent;
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        _ = FlushLaterAsync();
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(_quietPeriod);
        HashSet<Guid> targets;
        bool targetsChanged;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            (targets, _pending) = (_pending, []);
            (targetsChanged, _targetsChanged) = (_targetsChanged, false);
            _scheduled = false;
        }

        try
        {
            await _invoke(() => _onChanged(targets, targetsChanged));
        }
        catch (ObjectDisposedException)
        {
            // The circuit ended between the notification and the callback.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _subscription.Dispose();
    }
}
