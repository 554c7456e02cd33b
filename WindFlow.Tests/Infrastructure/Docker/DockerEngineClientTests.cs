using System.Diagnostics;
using System.Net.Sockets;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure.Docker;

[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DockerEngineClientTests(DockerEngine docker) : IDisposable
{
    // Waits on a process that ignores SIGTERM would make every stop take the full grace period.
    private const string LongRunning = "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done";

    private readonly DockerEngineClient _client = new(docker.Endpoint);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task GetInfoAsync_RealDaemon_ReportsVersionsAndNegotiatesTheLowerApi()
    {
        var ping = await _client.PingAsync(Ct);
        var info = await _client.GetInfoAsync(Ct);

        Assert.False(string.IsNullOrEmpty(info.EngineVersion));
        Assert.Equal(ping.ApiVersion, info.ApiVersion);
        var daemon = Version.Parse(info.ApiVersion);
        var expected = daemon < DockerEngineClient.MaxApiVersion ? daemon : DockerEngineClient.MaxApiVersion;
        Assert.Equal(expected.ToString(2), info.NegotiatedApiVersion);
        Assert.Equal("linux", info.OsType);
        Assert.False(string.IsNullOrEmpty(info.Architecture));
        Assert.True(info.Cpus > 0);
        Assert.True(info.MemoryBytes > 0);
        Assert.InRange(info.ContainersRunning, 0, info.ContainersTotal);
    }

    [Fact]
    public async Task ListContainersAsync_ContainerStartedOutsideClient_AppearsWithinASecond()
    {
        var id = await docker.RunContainerAsync(LongRunning, extraArguments: ["--label", "windflow.test=list"]);
        var started = Stopwatch.StartNew();

        var summary = (await _client.ListContainersAsync(all: false, Ct)).SingleOrDefault(c => c.Id == id);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"Listing took {started.Elapsed}.");
        Assert.NotNull(summary);
        Assert.Equal(DockerEngine.TestImage, summary.Image);
        Assert.Equal("running", summary.State);
        Assert.StartsWith("Up", summary.Status, StringComparison.Ordinal);
        Assert.StartsWith("wf-test-", Assert.Single(summary.Names), StringComparison.Ordinal);
        Assert.Equal("list", summary.Labels["windflow.test"]);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task InspectContainerAsync_RunningContainer_ReturnsConfigMountsAndState()
    {
        var id = await docker.RunContainerAsync(
            LongRunning, extraArguments: ["--label", "windflow.test=inspect", "-e", "GREETING=hello", "-v", "/data", "-w", "/tmp"]);

        var details = await _client.InspectContainerAsync(id, Ct);

        Assert.Equal(id, details.Id);
        Assert.StartsWith("wf-test-", details.Name, StringComparison.Ordinal);
        Assert.Equal(DockerEngine.TestImage, details.Image);
        Assert.StartsWith("sha256:", details.ImageId, StringComparison.Ordinal);
        Assert.True(details.State.Running);
        Assert.Equal("running", details.State.Status);
        Assert.NotNull(details.State.StartedAt);
        Assert.Null(details.State.FinishedAt);
        Assert.False(details.Tty);
        Assert.Contains("GREETING=hello", details.Environment);
        Assert.Equal("inspect", details.Labels["windflow.test"]);
        Assert.Equal(["sh", "-c", LongRunning], details.Command);
        Assert.Equal("/tmp", details.WorkingDirectory);
        Assert.Equal("none", details.NetworkMode);
        var mount = Assert.Single(details.Mounts);
        Assert.Equal(("volume", "/data", true), (mount.Type, mount.Destination, mount.ReadWrite));
        Assert.Equal("none", Assert.Single(details.Networks).Name);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task LifecycleOperations_RunningContainer_MoveItThroughEachState()
    {
        var id = await docker.RunContainerAsync(LongRunning);

        await _client.PauseContainerAsync(id, Ct);
        Assert.Equal("paused", (await _client.InspectContainerAsync(id, Ct)).State.Status);
        await _client.UnpauseContainerAsync(id, Ct);
        Assert.Equal("running", (await _client.InspectContainerAsync(id, Ct)).State.Status);

        await _client.StopContainerAsync(id, TimeSpan.FromSeconds(5), Ct);
        var stopped = await _client.InspectContainerAsync(id, Ct);
        Assert.Equal(("exited", 0), (stopped.State.Status, stopped.State.ExitCode));
        await _client.StopContainerAsync(id, TimeSpan.FromSeconds(5), Ct);

        await _client.StartContainerAsync(id, Ct);
        Assert.True((await _client.InspectContainerAsync(id, Ct)).State.Running);
        await _client.StartContainerAsync(id, Ct);

        var before = (await _client.InspectContainerAsync(id, Ct)).State.StartedAt;
        await _client.RestartContainerAsync(id, TimeSpan.FromSeconds(5), Ct);
        var restarted = await _client.InspectContainerAsync(id, Ct);
        Assert.True(restarted.State.Running);
        Assert.True(restarted.State.StartedAt > before);

        await _client.KillContainerAsync(id, signal: null, Ct);
        var killed = await _client.InspectContainerAsync(id, Ct);
        Assert.Equal(("exited", 137), (killed.State.Status, killed.State.ExitCode));

        await _client.StartContainerAsync(id, Ct);
        await _client.RemoveContainerAsync(id, force: true, removeVolumes: true, Ct);
        var gone = await Assert.ThrowsAsync<EngineException>(() => _client.InspectContainerAsync(id, Ct));
        Assert.Equal(EngineErrorKind.NotFound, gone.Kind);
    }

    [Fact]
    public async Task InspectContainerAsync_UnknownContainer_ThrowsNotFoundNamingTheId()
    {
        var missing = "wf-missing-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<EngineException>(() => _client.InspectContainerAsync(missing, Ct));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Equal(404, error.StatusCode);
        Assert.Contains("No such container", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartContainerAsync_UnknownContainer_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _client.StartContainerAsync("wf-missing-start", Ct));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains("wf-missing-start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveContainerAsync_RunningWithoutForce_ThrowsConflictAndKeepsContainer()
    {
        var id = await docker.RunContainerAsync(LongRunning);

        var error = await Assert.ThrowsAsync<EngineException>(() => _client.RemoveContainerAsync(id, force: false, removeVolumes: false, Ct));

        Assert.Equal(EngineErrorKind.Conflict, error.Kind);
        Assert.Equal(409, error.StatusCode);
        Assert.Contains("running", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True((await _client.InspectContainerAsync(id, Ct)).State.Running);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task PingAsync_SocketPathDoesNotExist_ThrowsUnreachableNamingThePath()
    {
        var path = $"/tmp/windflow-no-daemon-{Guid.NewGuid():N}.sock";
        using var client = new DockerEngineClient("unix://" + path);

        var error = await Assert.ThrowsAsync<EngineException>(() => client.PingAsync(Ct));

        Assert.Equal(EngineErrorKind.Unreachable, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListContainersAsync_SocketFileWithNoListener_ThrowsUnreachableConnectionRefused()
    {
        var path = $"/tmp/windflow-dead-{Guid.NewGuid():N}.sock";
        // A socket file nobody accepts on is what a hung or crashing daemon leaves; bound but not
        // listening, it refuses connections (.NET deletes the file when the socket is disposed).
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        using var client = new DockerEngineClient("unix://" + path);

        var error = await Assert.ThrowsAsync<EngineException>(() => client.ListContainersAsync(all: true, Ct));

        Assert.Equal(EngineErrorKind.Unreachable, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TcpEndpointWithoutCredentials_ThrowsInvalidEndpoint()
    {
        using var factory = new DockerEngineFactory();

        var error = Assert.Throws<EngineException>(() => factory.Create("tcp://127.0.0.1:2376"));

        Assert.Equal(EngineErrorKind.InvalidEndpoint, error.Kind);
        Assert.Same(factory.Create(docker.Endpoint), factory.Create(docker.Endpoint));
    }

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }
}
