using WindFlow.Core.Common;

namespace WindFlow.Core.Deployments;

/// <summary>
/// Writes one run's story: numbers each event, redacts secrets, publishes it live at once and
/// persists it in small batches (a deploy of ten services emits hundreds of events; one insert
/// each would make the database the bottleneck). Progress ticks (pull bytes) are live only.
/// </summary>
public sealed class RunReporter : IAsyncDisposable
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private readonly Run _run;
    private readonly IRunStore _store;
    private readonly DeploymentBus _bus;
    private readonly TimeProvider _clock;
    private readonly IReadOnlyList<string> _secrets;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flusher;
    private List<RunEvent> _pending = [];
    private int _sequence;

    /// <summary>Starts reporting for <paramref name="run"/>; numbering continues after <paramref name="lastSequence"/>.</summary>
    public RunReporter(Run run, int lastSequence, IRunStore store, DeploymentBus bus, TimeProvider clock, IEnumerable<string> secrets)
    {
        _run = run;
        _sequence = lastSequence;
        _store = store;
        _bus = bus;
        _clock = clock;
        _secrets = secrets.ToList();
        _flusher = FlushLoopAsync(_stop.Token);
    }

    /// <summary>Records an event that belongs in the run's history.</summary>
    public void Report(RunEventLevel level, string? service, string? step, string message, int? progress = null) =>
        Emit(level, service, step, message, progress, persist: true);

    /// <summary>Records a fact about the whole run.</summary>
    public void Info(string message) => Report(RunEventLevel.Info, null, null, message);

    /// <summary>Publishes a progress tick (live only, not numbered, not stored).</summary>
    public void Progress(string service, string step, string message, int progress) =>
        Emit(RunEventLevel.Info, service, step, message, progress, persist: false);

    /// <summary>Writes everything reported so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<RunEvent> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            batch = _pending;
            _pending = [];
        }

        try
        {
            await _store.AppendEventsAsync(batch, cancellationToken);
        }
        catch
        {
            // Put them back in order, so the next flush (or the final one) writes them.
            lock (_gate)
            {
                batch.AddRange(_pending);
                _pending = batch;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _flusher;
        // The final flush must happen even when the run itself was cancelled.
        await FlushAsync(CancellationToken.None);
        _stop.Dispose();
    }

    private void Emit(RunEventLevel level, string? service, string? step, string message, int? progress, bool persist)
    {
        var item = new RunEvent
        {
            RunId = _run.Id,
            Time = _clock.GetUtcNow(),
            Level = level,
            Service = service,
            Step = step,
            Message = SecretText.Redact(message, _secrets),
            Progress = progress is { } p ? Math.Clamp(p, 0, 100) : null,
        };
        lock (_gate)
        {
            if (persist)
            {
                item.Sequence = ++_sequence;
                _pending.Add(item);
            }
        }

        _bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunEvent, _run.DeploymentId, _run.Id, Event: item));
    }

    private async Task FlushLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    // Not the stop token: stopping must not interrupt a write half way (its outcome
                    // would be unknown); the write in progress ends, then the loop does.
                    await FlushAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database is briefly unavailable: the events stay queued for the next tick.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
