using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WindFlow.Core.Common;

namespace WindFlow.Core.Targets;

/// <summary>
/// Keeps one <c>/events</c> subscription open per target and republishes what arrives on the
/// <see cref="EngineEventBus"/>, so screens update when something changes instead of polling.
/// A lost stream marks the target offline and is reopened with back-off; on reopening it asks the
/// engine for the events it missed since the loss.
/// </summary>
public sealed partial class EngineEventMonitor(
    ITargetStore store,
    TargetEngines engines,
    TargetStatusRecorder statuses,
    EngineEventBus bus,
    TimeProvider clock,
    IOptions<DockerOptions> options,
    ILogger<EngineEventMonitor> logger)
{
    private readonly Dictionary<Guid, Watcher> _watchers = [];
    private readonly SemaphoreSlim _targetsChanged = new(0);

    /// <summary>Watches every target until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var subscription = bus.Subscribe(n =>
        {
            if (n.Kind == TargetNotificationKind.TargetChanged)
            {
                _targetsChanged.Release();
            }
        });
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await ReconcileAsync(cancellationToken);
                // Targets edited on another instance are only seen by this periodic look.
                await _targetsChanged.WaitAsync(options.Value.TargetRescanInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var watcher in _watchers.Values)
            {
                await watcher.StopAsync();
            }

            _watchers.Clear();
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Target> targets;
        try
        {
            targets = await store.ListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database may be briefly unavailable; the next pass retries.
            LogListFailed(logger, ex);
            return;
        }

        var current = targets.ToDictionary(t => t.Id);
        foreach (var (id, watcher) in _watchers.ToList())
        {
            if (!current.TryGetValue(id, out var target) || !watcher.Watches(target))
            {
                await watcher.StopAsync();
                _watchers.Remove(id);
            }
        }

        foreach (var target in targets.Where(t => !_watchers.ContainsKey(t.Id)))
        {
            _watchers[target.Id] = Watcher.Start(this, target, cancellationToken);
        }
    }

    private async Task WatchAsync(Target target, CancellationToken cancellationToken)
    {
        var delay = options.Value.EventReconnectMinDelay;
        DateTimeOffset? missedSince = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            var online = false;
            try
            {
                var engine = engines.For(target);
                // A ping first, because an events request shows nothing until the first event.
                await PingAsync(engine, cancellationToken);
                online = true;
                await statuses.RecordAsync(target.Id, TargetStatus.Online, null, null, cancellationToken);
                if (missedSince is not null)
                {
                    LogReconnected(logger, target.Name, target.Endpoint);
                }

                delay = options.Value.EventReconnectMinDelay;
                await foreach (var engineEvent in engine.StreamEventsAsync(missedSince, cancellationToken))
                {
                    bus.Publish(new TargetNotification(TargetNotificationKind.EngineEvent, target.Id, Event: engineEvent));
                }

                reason = $"The engine at {target.Endpoint} closed its event stream.";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is EngineException or SecretUnreadableException or OperationCanceledException or IOException)
            {
                reason = ex is OperationCanceledException
                    ? $"The engine at {target.Endpoint} did not answer within {PingTimeout.TotalSeconds:0} seconds."
                    : ex.Message;
            }

            // Replay from the moment the stream was lost, so nothing that happened meanwhile is missed.
            missedSince = online ? clock.GetUtcNow() : missedSince ?? clock.GetUtcNow();
            LogStreamLost(logger, target.Name, reason, delay.TotalSeconds);
            try
            {
                await statuses.RecordAsync(target.Id, TargetStatus.Offline, reason, null, cancellationToken);
                await Task.Delay(delay, clock, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.EventReconnectMaxDelay.Ticks));
        }
    }

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);

    private static async Task PingAsync(IContainerEngine engine, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        await engine.PingAsync(timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list targets to watch their events; retrying later")]
    private static partial void LogListFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event stream of target '{Target}' lost: {Reason} Retrying in {Seconds:0.#} s")]
    private static partial void LogStreamLost(ILogger logger, string target, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event stream of target '{Target}' ({Endpoint}) is back")]
    private static partial void LogReconnected(ILogger logger, string target, string endpoint);

    private sealed class Watcher
    {
        private readonly CancellationTokenSource _stop;
        private readonly string _endpoint;
        private readonly string? _credentials;
        private Task _task = Task.CompletedTask;

        private Watcher(string endpoint, string? credentials, CancellationToken cancellationToken)
        {
            _endpoint = endpoint;
            _credentials = credentials;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public static Watcher Start(EngineEventMonitor monitor, Target target, CancellationToken cancellationToken)
        {
            var watcher = new Watcher(target.Endpoint, target.ProtectedCredentials, cancellationToken);
            watcher._task = Task.Run(() => monitor.WatchAsync(target, watcher._stop.Token), CancellationToken.None);
            return watcher;
        }

        // A new endpoint or new credentials need a new connection; a new name or labels do not.
        public bool Watches(Target target) =>
            string.Equals(target.Endpoint, _endpoint, StringComparison.Ordinal)
            && string.Equals(target.ProtectedCredentials, _credentials, StringComparison.Ordinal);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _task;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }
    }
}
