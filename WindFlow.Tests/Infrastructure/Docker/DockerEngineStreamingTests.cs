using System.Diagnostics;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure.Docker;

[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DockerEngineStreamingTests(DockerEngine docker) : IDisposable
{
    private readonly DockerEngineClient _client = new(docker.Endpoint);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task StreamLogsAsync_NonTtyContainer_ReturnsEachLineOnItsStream()
    {
        var id = await docker.RunContainerAsync("echo out-1; echo err-1 >&2; echo out-2; echo 'ünïcode' >&2");
        await docker.DockerAsync(["wait", id]);

        var lines = await ReadAllAsync(_client.StreamLogsAsync(id, new ContainerLogOptions(), Ct));

        Assert.Equal(["out-1", "out-2"], lines.Where(l => l.Stream == LogStream.Stdout).Select(l => l.Text));
        Assert.Equal(["err-1", "ünïcode"], lines.Where(l => l.Stream == LogStream.Stderr).Select(l => l.Text));
        Assert.All(lines, l => Assert.Null(l.Timestamp));
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StreamLogsAsync_TtyContainer_ReturnsRawTextOnStdout()
    {
        var id = await docker.RunContainerAsync("echo tty-out; echo tty-err >&2", tty: true);
        await docker.DockerAsync(["wait", id]);

        var lines = await ReadAllAsync(_client.StreamLogsAsync(id, new ContainerLogOptions(), Ct));

        // With a TTY both outputs share one terminal: no frames, no stream split.
        Assert.Equal(["tty-out", "tty-err"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStream.Stdout, l.Stream));
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StreamLogsAsync_TailAndTimestamps_ReturnsLastLinesWithTimes()
    {
        var id = await docker.RunContainerAsync("for i in 1 2 3 4 5; do echo line-$i; done");
        await docker.DockerAsync(["wait", id]);

        var lines = await ReadAllAsync(_client.StreamLogsAsync(id, new ContainerLogOptions(Tail: 2, Timestamps: true), Ct));

        Assert.Equal(["line-4", "line-5"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.InRange(l.Timestamp!.Value, TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddMinutes(1)));
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StreamLogsAsync_FollowThenCancel_EndsWithinOneSecond()
    {
        var id = await docker.RunContainerAsync("i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.1; done");
        var probe = await StreamProbe.TakeThenCancelAsync(
            ct => _client.StreamLogsAsync(id, new ContainerLogOptions(Follow: true), ct), 5, TimeSpan.FromSeconds(15), Ct);
        var received = probe.Items;

        Assert.True(probe.CancelRequested, "Cancellation was never requested: fewer than 5 lines arrived.");
        Assert.True(probe.EndedAfterCancel < TimeSpan.FromSeconds(1), $"The stream ended {probe.EndedAfterCancel} after cancellation.");
        Assert.Equal(["tick-1", "tick-2", "tick-3", "tick-4", "tick-5"], received.Take(5).Select(l => l.Text));
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StreamLogsAsync_UnknownContainer_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<EngineException>(
            () => ReadAllAsync(_client.StreamLogsAsync("wf-missing-logs", new ContainerLogOptions(), Ct)));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains("wf-missing-logs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamEventsAsync_ContainerStarted_YieldsStartEventWithinTwoSeconds()
    {
        using var listen = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // Events after this instant are replayed, so the subscription cannot miss the start.
        var since = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        var id = await docker.RunContainerAsync("sleep 30");
        var started = Stopwatch.StartNew();
        listen.CancelAfter(TimeSpan.FromSeconds(2));

        EngineEvent? start = null;
        try
        {
            await foreach (var e in _client.StreamEventsAsync(since, listen.Token))
            {
                if (e is { Type: "container", Action: "start" } && e.ActorId == id)
                {
                    start = e;
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Timed out: asserted below.
        }

        Assert.NotNull(start);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"The start event took {started.Elapsed}.");
        Assert.Equal(DockerEngine.TestImage, start.Attributes["image"]);
        Assert.StartsWith("wf-test-", start.Attributes["name"], StringComparison.Ordinal);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StreamEventsAsync_LiveSubscription_SeesContainerStartedAfterwards()
    {
        using var listen = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var events = _client.StreamEventsAsync(since: null, listen.Token).GetAsyncEnumerator(listen.Token);
        var first = events.MoveNextAsync().AsTask();
        // Give the subscription time to reach the daemon before the container starts.
        await Task.Delay(500, Ct);
        var id = await docker.RunContainerAsync("sleep 30");
        listen.CancelAfter(TimeSpan.FromSeconds(2));

        var sawStart = false;
        try
        {
            for (var more = await first; more && !sawStart; more = await events.MoveNextAsync())
            {
                sawStart = events.Current is { Type: "container", Action: "start" } && events.Current.ActorId == id;
            }
        }
        catch (OperationCanceledException)
        {
            // Timed out: asserted below.
        }
        finally
        {
            await events.DisposeAsync();
        }

        Assert.True(sawStart, "No start event arrived within 2 s of the container starting.");
        await docker.RemoveContainerAsync(id);
    }

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }

    private static async Task<List<LogLine>> ReadAllAsync(IAsyncEnumerable<LogLine> lines)
    {
        var result = new List<LogLine>();
        await foreach (var line in lines)
        {
            result.Add(line);
        }

        return result;
    }
}
