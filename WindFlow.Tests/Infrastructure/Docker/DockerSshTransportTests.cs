using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure.Docker;

[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DockerSshTransportTests(DockerEngine docker, SshServer ssh) : IClassFixture<SshServer>, IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    public Task InitializeAsync() => ssh.StartAsync(docker.Endpoint);

    [Fact]
    public async Task GetInfoAndListContainers_OverSsh_SeeTheSameEngineAsTheSocket()
    {
        var id = await docker.RunContainerAsync("sleep 300", extraArguments: ["--label", "windflow.test=ssh"]);
        using var client = new DockerEngineClient(ssh.Endpoint, EngineCredentials.ForSsh(ssh.ClientKey));
        using var local = new DockerEngineClient(docker.Endpoint);

        var info = await client.GetInfoAsync(Ct);
        var containers = await client.ListContainersAsync(all: false, Ct);

        Assert.Equal((await local.GetInfoAsync(Ct)).EngineVersion, info.EngineVersion);
        Assert.Equal("ssh", Assert.Single(containers, c => c.Id == id).Labels["windflow.test"]);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StreamLogsAsync_OverSsh_ReadsTheContainerOutput()
    {
        var id = await docker.RunContainerAsync("echo hello-over-ssh; sleep 300");
        using var client = new DockerEngineClient(ssh.Endpoint, EngineCredentials.ForSsh(ssh.ClientKey));

        // Following waits for the line however late the container prints it; leaving the loop ends the stream.
        string? seen = null;
        await foreach (var line in client.StreamLogsAsync(id, new ContainerLogOptions(Follow: true), Ct))
        {
            seen = line.Text;
            break;
        }

        Assert.Equal("hello-over-ssh", seen);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task PingAsync_KeyNotAuthorized_ThrowsSshAuthenticationFailed()
    {
        using var client = new DockerEngineClient(ssh.Endpoint, EngineCredentials.ForSsh(ssh.UnknownKey));

        var error = await Assert.ThrowsAsync<EngineException>(() => client.PingAsync(Ct));

        Assert.Equal(EngineErrorKind.AuthenticationFailed, error.Kind);
        Assert.StartsWith($"SSH authentication with {ssh.Endpoint} failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Permission denied (publickey)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_NothingListensOnThePort_ThrowsUnreachable()
    {
        var endpoint = $"ssh://{ssh.User}@127.0.0.1:{TestTools.FreePort()}";
        using var client = new DockerEngineClient(endpoint, EngineCredentials.ForSsh(ssh.ClientKey));

        var error = await Assert.ThrowsAsync<EngineException>(() => client.PingAsync(Ct));

        Assert.Equal(EngineErrorKind.Unreachable, error.Kind);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_NoDockerCliOnTheHost_ThrowsUnreachableNamingTheCli()
    {
        var endpoint = $"ssh://{ssh.User}@127.0.0.1:{ssh.NoDockerPort}";
        using var client = new DockerEngineClient(endpoint, EngineCredentials.ForSsh(ssh.ClientKey));

        var error = await Assert.ThrowsAsync<EngineException>(() => client.PingAsync(Ct));

        Assert.Equal(EngineErrorKind.Unreachable, error.Kind);
        Assert.Contains("docker CLI is not installed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Dispose_SshClient_DeletesItsPrivateKeyFile()
    {
        var before = SshDirectories();
        var client = new DockerEngineClient(ssh.Endpoint, EngineCredentials.ForSsh(ssh.ClientKey));
        await client.PingAsync(Ct);
        var directory = Assert.Single(SshDirectories().Except(before));
        var key = Path.Combine(directory, "id");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        client.Dispose();

        Assert.False(Directory.Exists(directory));
    }

    [Theory]
    [InlineData("ssh://-oProxyCommand=touch@127.0.0.1")]
    [InlineData("ssh://root@-oProxyCommand=x")]
    [InlineData("ssh://root@127.0.0.1/path")]
    [InlineData("ftp://127.0.0.1")]
    public void Create_UnsafeOrUnsupportedEndpoint_ThrowsInvalidEndpoint(string endpoint)
    {
        using var factory = new DockerEngineFactory();

        var error = Assert.Throws<EngineException>(() => factory.Create(endpoint, EngineCredentials.ForSsh(ssh.ClientKey)));

        Assert.Equal(EngineErrorKind.InvalidEndpoint, error.Kind);
    }

    public Task DisposeAsync()
    {
        _timeout.Dispose();
        return Task.CompletedTask;
    }

    private static HashSet<string> SshDirectories() =>
        Directory.GetDirectories(Path.GetTempPath(), "windflow-ssh-*").ToHashSet(StringComparer.Ordinal);
}
