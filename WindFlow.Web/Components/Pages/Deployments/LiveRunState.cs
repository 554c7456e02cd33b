using WindFlow.Core.Deployments;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>Where one service of a run stands, from the run's events.</summary>
public sealed record ServiceProgress(string Service, string? Step, int Progress, string Message, RunEventLevel Level);

/// <summary>
/// The live view of a deployment's current (or last) run, rebuilt the same way every time: subscribe
/// to the bus first, then load the stored events, de-duplicating by sequence. So leaving the page
/// and coming back, or reloading, shows the same state as staying. Progress ticks (sequence 0) are
/// live-only and only move progress bars. All mutations happen on the component's dispatcher.
/// </summary>
public sealed class LiveRunState : IDisposable
{
    private const int MaxEvents = 2_000;
    private readonly Func<Guid, CancellationToken, Task<IReadOnlyList<RunEvent>>> _storedEvents;
    private readonly Guid _deploymentId;
    private readonly Func<Func<Task>, Task> _invoke;
    private readonly Func<bool, Task> _onChanged;
    private readonly IDisposable _subscription;
    private readonly SortedDictionary<int, RunEvent> _events = [];
    private readonly Dictionary<string, (int Sequence, ServiceProgress Progress)> _services = new(StringComparer.Ordinal);
    private int _overall;
    private bool _disposed;

    /// <param name="storedEvents">Reads a run's stored events (<see cref="DeploymentService.RunEventsAsync"/> from the start).</param>
    /// <param name="bus">Carries live events.</param>
    /// <param name="deploymentId">The deployment watched.</param>
    /// <param name="invoke">The component's <c>InvokeAsync</c>.</param>
    /// <param name="onChanged">Called after a change; true when the deployment itself may have changed (reload it).</param>
    public LiveRunState(Func<Guid, CancellationToken, Task<IReadOnlyList<RunEvent>>> storedEvents, DeploymentBus bus, Guid deploymentId, Func<Func<Task>, Task> invoke, Func<bool, Task> onChanged)
    {
        _storedEvents = storedEvents;
        _deploymentId = deploymentId;
        _invoke = invoke;
        _onChanged = onChanged;
        _subscription = bus.Subscribe(OnNotification);
    }

    /// <summary>The run shown, or null when the deployment has none.</summary>
    public Run? Run { get; private set; }

    /// <summary>Stored events in sequence order (the last <see cref="MaxEvents"/>).</summary>
    public IEnumerable<RunEvent> Events => _events.Values;

    /// <summary>Per-service step and progress, by service name.</summary>
    public IEnumerable<ServiceProgress> Services => _services.Values.Select(s => s.Progress).OrderBy(s => s.Service, StringComparer.Ordinal);

    /// <summary>0-100 for the whole run.</summary>
    public int Progress => Run?.Status == RunStatus.Succeeded ? 100
        : _overall > 0 ? _overall
        : _services.Count == 0 ? 0 : (int)_services.Values.Average(s => s.Progress.Progress);

    /// <summary>True while the shown run is pending or running.</summary>
    public bool IsActive => Run is { IsFinished: false };

    /// <summary>Shows <paramref name="run"/> (the active run, or the last one): loads its stored events.</summary>
    public async Task ShowAsync(Run? run, CancellationToken cancellationToken)
    {
        if (run?.Id != Run?.Id)
        {
            _events.Clear();
            _services.Clear();
            _overall = 0;
        }

        // A notification handled while the caller was reading may already have shown this run finished:
        // the caller's copy is older then, and must not put it back to running.
        if (run is not null && Run is { IsFinished: true } current && current.Id == run.Id && !run.IsFinished)
        {
            run = current;
        }

        Run = run;
        if (run is null)
        {
            return;
        }

        foreach (var item in await _storedEvents(run.Id, cancellationToken))
        {
            Apply(item);
        }
    }

    private void OnNotification(DeploymentNotification notification)
    {
        if (_disposed || notification.DeploymentId != _deploymentId)
        {
            return;
        }

        _ = DispatchAsync(notification);
    }

    private async Task DispatchAsync(DeploymentNotification notification)
    {
        try
        {
            await _invoke(() => HandleAsync(notification));
        }
        catch (ObjectDisposedException)
        {
            // The circuit ended between the notification and the callback.
        }
    }

    private async Task HandleAsync(DeploymentNotification notification)
    {
        if (_disposed)
        {
            return;
        }

        switch (notification.Kind)
        {
            case DeploymentNotificationKind.RunEvent when notification.Event is { } item && notification.RunId == Run?.Id:
                Apply(item);
                await _onChanged(false);
                break;
            case DeploymentNotificationKind.RunChanged when notification.Run is { } run:
                if (run.Id == Run?.Id)
                {
                    Run = run;
                    if (run.IsFinished)
                    {
                        // Events are published at once but stored in batches: one published just before
                        // this page subscribed, and stored just after it read, reached neither path. The
                        // reporter writes everything before the run is marked finished, so reading again
                        // now makes the page show exactly what a reload would.
                        foreach (var item in await _storedEvents(run.Id, CancellationToken.None))
                        {
                            Apply(item);
                        }
                    }
                }
                else if (Run is null || Run.IsFinished || run.CreatedAt >= Run.CreatedAt)
                {
                    // A newer run replaces the one shown: its events are loaded from the start.
                    await ShowAsync(run, CancellationToken.None);
                }

                await _onChanged(run.IsFinished);
                break;
            case DeploymentNotificationKind.DeploymentChanged:
                await _onChanged(true);
                break;
        }
    }

    private void Apply(RunEvent item)
    {
        if (item.Sequence > 0)
        {
            if (!_events.TryAdd(item.Sequence, item))
            {
                return;
            }

            if (_events.Count > MaxEvents)
            {
                _events.Remove(_events.Keys.First());
            }
        }

        if (item.Service is null)
        {
            if (item.Progress is { } overall)
            {
                _overall = Math.Clamp(overall, 0, 100);
            }

            return;
        }

        var known = _services.TryGetValue(item.Service, out var current);
        // A stored event older than one already applied (it arrived late through the store) must not move the service back.
        if (known && item.Sequence > 0 && item.Sequence < current.Sequence)
        {
            return;
        }

        var progress = item.Progress ?? (known ? current.Progress.Progress : 0);
        var sequence = item.Sequence > 0 ? item.Sequence : (known ? current.Sequence : 0);
        _services[item.Service] = (sequence, new ServiceProgress(item.Service, item.Step ?? current.Progress?.Step, Math.Clamp(progress, 0, 100), item.Message, item.Level));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _subscription.Dispose();
    }
}
