using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Targets;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core;

public sealed class EngineEventMonitorTests : IDisposable
{
    private readonly InMemoryTargetStore _store = new();
    private readonly FakeContainerEngineFactory _engines = new();
    private readonly EngineEventBus _bus = new(NullLogger<EngineEventBus>.Instance);
    private readonly Channel<TargetNotification> _seen = Channel.CreateUnbounded<TargetNotification>();
    private readonly CancellationTokenSource _stop = new();
    private readonly EngineEventMonitor _monitor;

    public EngineEventMonitorTests()
    {
        var clock = new ManualTimeProvider();
        var targetEngines = new TargetEngines(_store, new FakeSecretProtector(), _engines, AccessFakes.SuperAdmin().Guard);
        var options = Options.Create(new DockerOptions
        {
            EventReconnectMinDelay = TimeSpan.FromMilliseconds(20),
            EventReconnectMaxDelay = TimeSpan.FromMilliseconds(80),
            TargetRescanInterval = TimeSpan.FromMinutes(5),
        });
        _monitor = new EngineEventMonitor(
            _store, targetEngines, new TargetStatusRecorder(_store, _bus, clock), _bus, clock, options, NullLogger<EngineEventMonitor>.Instance);
        _bus.Subscribe(n => _seen.Writer.TryWrite(n));
    }

    [Fact]
    public async Task RunAsync_StreamDropsThenReturns_ReportsOfflineThenReplaysFromTheLoss()
    {
        var id = await AddTargetAsync();
        _engines.Engine.Events = (subscription, ct) => subscription == 1 ? FailAfterOneAsync("first", ct) : OneThenWaitAsync("second", ct);

        var run = _monitor.RunAsync(_stop.Token);

        Assert.Equal("first", (await NextEventAsync()).Event!.ActorId);
        var offline = await NextAsync(n => n.Kind == TargetNotificationKind.StatusChanged && n.Status == TargetStatus.Offline);
        Assert.Equal(id, offline.TargetId);
        Assert.Contains("daemon went away", offline.StatusMessage, StringComparison.Ordinal);
        await NextAsync(n => n.Kind == TargetNotificationKind.StatusChanged && n.Status == TargetStatus.Online);
        Assert.Equal("second", (await NextEventAsync()).Event!.ActorId);
        var sinces = _engines.Engine.EventSubscriptions.ToArray();
        Assert.Null(sinces[0]);
        Assert.NotNull(sinces[1]);
        Assert.Equal(TargetStatus.Online, _store.Targets.Single().Status);

        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_TargetAddedWhileRunning_IsWatchedAfterTheChangeNotice()
    {
        _engines.Engine.Events = (_, ct) => OneThenWaitAsync("late", ct);
        var run = _monitor.RunAsync(_stop.Token);
        await Task.Delay(50);
        Assert.Empty(_engines.Engine.EventSubscriptions);

        var id = await AddTargetAsync();
        _bus.Publish(new TargetNotification(TargetNotificationKind.TargetChanged, id));

        Assert.Equal("late", (await NextEventAsync()).Event!.ActorId);
        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_EngineUnreachable_RecordsOfflineWithTheEngineMessage()
    {
        await AddTargetAsync();
        _engines.Engine.Failure = new EngineException(EngineErrorKind.Unreachable, "Cannot reach /tmp/x.sock");

        var run = _monitor.RunAsync(_stop.Token);

        var offline = await NextAsync(n => n.Kind == TargetNotificationKind.StatusChanged);
        Assert.Equal((TargetStatus.Offline, "Cannot reach /tmp/x.sock"), (offline.Status, offline.StatusMessage));
        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task<Guid> AddTargetAsync()
    {
        var target = new Target { Id = Guid.NewGuid(), Name = "t1", Endpoint = "unix:///tmp/fake.sock", Status = TargetStatus.Unknown };
        await _store.AddAsync(target, CancellationToken.None);
        return target.Id;
    }

    private Task<TargetNotification> NextEventAsync() => NextAsync(n => n.Kind == TargetNotificationKind.EngineEvent);

    // Awaited, never blocking: xUnit runs tests on a small pool of threads that a blocking wait would starve.
    private async Task<TargetNotification> NextAsync(Func<TargetNotification, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var notification = await _seen.Reader.ReadAsync(timeout.Token);
            if (match(notification))
            {
                return notification;
            }
        }
    }

    private static EngineEvent Event(string actor) =>
        new("container", "start", actor, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch);

    private static async IAsyncEnumerable<EngineEvent> FailAfterOneAsync(string actor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Event(actor);
        await Task.Yield();
        throw new EngineException(EngineErrorKind.Unreachable, "The daemon went away.");
    }

    private static async IAsyncEnumerable<EngineEvent> OneThenWaitAsync(string actor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return Event(actor);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
