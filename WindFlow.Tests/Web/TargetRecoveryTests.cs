using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Targets;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

/// <summary>
/// A TLS target registered through the API, whose daemon is stopped and started again while
/// WindFlow follows a log and the event stream: both report the loss and recover.
/// </summary>
[Collection(DockerTlsCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TargetRecoveryTests(DockerTlsEngine daemon) : IAsyncLifetime
{
    private readonly WindFlowAppFactory _app = new()
    {
        // Short back-off so the test does not wait for the production maximum of 30 s.
        Settings = new Dictionary<string, string> { ["Docker:EventReconnectMaxDelay"] = "00:00:01" },
    };

    private readonly Channel<TargetNotification> _seen = Channel.CreateUnbounded<TargetNotification>();
    private HttpClient _client = default!;
    private IDisposable? _subscription;

    public async Task InitializeAsync()
    {
        _client = await _app.CreateApiClientAsync();
        _subscription = _app.Services.GetRequiredService<EngineEventBus>().Subscribe(n => _seen.Writer.TryWrite(n));
    }

    public async Task DisposeAsync()
    {
        _subscription?.Dispose();
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task DaemonRestart_LogFollowAndEventsReportTheLossThenRecover()
    {
        await DockerEngine.BuildBusyboxImageAsync(arguments => daemon.DockerAsync(arguments));
        var target = await TargetApiTests.CreateAsync(_client, new
        {
            name = TargetApiTests.UniqueName("tls"),
            endpoint = daemon.Endpoint,
            credentials = new { caPem = daemon.CaPem, certPem = daemon.ClientCertPem, keyPem = daemon.ClientKeyPem },
        });
        var container = (await daemon.DockerAsync(
        [
            "run", "-d", "--network", "none", "--restart", "always", DockerEngine.TestImage,
            "sh", "-c", "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2 & wait $!; done",
        ])).Trim();
        await NextAsync(n => n.TargetId.ToString() == target && n.Kind == TargetNotificationKind.StatusChanged && n.Status == TargetStatus.Online);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var logs = await _client.GetAsync(
            $"/api/v1/targets/{target}/containers/{container}/logs?follow=true&tail=0", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        using var reader = new StreamReader(await logs.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith("tick-", await reader.ReadLineAsync(timeout.Token), StringComparison.Ordinal);

        await daemon.StopDaemonAsync();

        // The follower ends instead of hanging, and the target turns offline with the reason.
        while (await reader.ReadLineAsync(timeout.Token) is not null)
        {
        }

        var offline = await NextAsync(n => n.TargetId.ToString() == target && n.Status == TargetStatus.Offline);
        Assert.False(string.IsNullOrEmpty(offline.StatusMessage));
        using (var down = await _client.GetAsync($"/api/v1/targets/{target}/containers?all=true", timeout.Token))
        {
            await AssertProblemAsync(down, HttpStatusCode.BadGateway);
        }

        await daemon.RestartDaemonAsync();

        await NextAsync(n => n.TargetId.ToString() == target && n.Kind == TargetNotificationKind.StatusChanged && n.Status == TargetStatus.Online);
        // The event stream is live again: a change made now arrives as an event.
        var volume = "wf-recovered-" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{target}/volumes", new { name = volume }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var volumeEvent = await NextAsync(n => n.TargetId.ToString() == target && n.Event is { Type: "volume", Action: "create" } e && e.ActorId == volume);
        Assert.NotNull(volumeEvent.Event);
        // The container came back with the daemon (restart=always) and its log can be followed again.
        using var again = await _client.GetAsync(
            $"/api/v1/targets/{target}/containers/{container}/logs?follow=true&tail=0", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var againReader = new StreamReader(await again.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith("tick-", await againReader.ReadLineAsync(timeout.Token), StringComparison.Ordinal);
        using (var status = await _client.GetAsync($"/api/v1/targets/{target}", timeout.Token))
        {
            Assert.Equal("online", (await AssertJsonAsync(status, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        await daemon.DockerAsync(["rm", "-f", container]);
        await daemon.DockerAsync(["volume", "rm", volume]);
    }

    // Awaited, never blocking: xUnit runs tests on a small pool of threads that a blocking wait would starve.
    private async Task<TargetNotification> NextAsync(Func<TargetNotification, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var notification = await _seen.Reader.ReadAsync(timeout.Token);
            if (match(notification))
            {
                return notification;
            }
        }
    }
}
