using WindFlow.Core.Deployments;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>
/// A circuit's subscription to deployment changes (not run progress): a burst of notifications
/// becomes one callback per quiet period, so a list reloads once. Dispose it when the component goes away.
/// </summary>
public sealed class DeploymentFeed : IDisposable
{
    private readonly Func<Func<Task>, Task> _invoke;
    private readonly Func<Task> _onChanged;
    private readonly TimeSpan _quietPeriod;
    private readonly IDisposable _subscription;
    private int _scheduled;
    private volatile bool _disposed;

    /// <param name="bus">The bus to listen to.</param>
    /// <param name="invoke">The component's <c>InvokeAsync</c>.</param>
    /// <param name="onChanged">Called after deployments or runs changed.</param>
    /// <param name="quietPeriod">How long to wait for more notifications before calling back.</param>
    public DeploymentFeed(DeploymentBus bus, Func<Func<Task>, Task> invoke, Func<Task> onChanged, TimeSpan? quietPeriod = null)
    {
        _invoke = invoke;
        _onChanged = onChanged;
        _quietPeriod = quietPeriod ?? TimeSpan.FromMilliseconds(200);
        _subscription = bus.Subscribe(OnNotification);
    }

    private void OnNotification(DeploymentNotification notification)
    {
        if (_disposed || notification.Kind == DeploymentNotificationKind.RunEvent || Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return;
        }

        _ = FlushLaterAsync();
    }

    private async Task FlushLaterAsync()
    {
        await Task.Delay(_quietPeriod);
        Interlocked.Exchange(ref _scheduled, 0);
        if (_disposed)
        {
            return;
        }

        try
        {
            await _invoke(_onChanged);
        }
        catch (ObjectDisposedException)
        {
            // The circuit ended between the notification and the callback.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _subscription.Dispose();
    }
}
