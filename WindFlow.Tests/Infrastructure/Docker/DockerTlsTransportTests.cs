using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure.Docker;

[Collection(DockerTlsCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DockerTlsTransportTests(DockerTlsEngine daemon) : IDisposable
{
    private readonly DockerEngineFactory _factory = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task GetInfoAsync_TlsWithTrustedClientCertificate_ReportsTheDaemon()
    {
        var engine = _factory.Create(daemon.Endpoint, daemon.Credentials);

        var info = await engine.GetInfoAsync(Ct);
        var containers = await engine.ListContainersAsync(all: true, Ct);

        Assert.Equal("linux", info.OsType);
        Assert.False(string.IsNullOrEmpty(info.EngineVersion));
        Assert.False(string.IsNullOrEmpty(info.NegotiatedApiVersion));
        Assert.Equal(info.ContainersTotal, containers.Count);
        Assert.Same(engine, _factory.Create(daemon.Endpoint, daemon.Credentials));
    }

    [Fact]
    public async Task PingAsync_ClientCertificateFromAnotherCa_ThrowsTlsAuthenticationFailed()
    {
        using var client = new DockerEngineClient(
            daemon.Endpoint, EngineCredentials.ForTls(daemon.CaPem, daemon.RogueClientCertPem, daemon.RogueClientKeyPem));

        var error = await Assert.ThrowsAsync<EngineException>(() => client.PingAsync(Ct));

        Assert.Equal(EngineErrorKind.AuthenticationFailed, error.Kind);
        Assert.StartsWith($"TLS authentication with {daemon.Endpoint} failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused the client certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_NoClientCertificate_ThrowsTlsAuthenticationFailed()
    {
        using var client = new DockerEngineClient(daemon.Endpoint, new EngineCredentials(daemon.CaPem, null, null, null));

        var error = await Assert.ThrowsAsync<EngineException>(() => client.PingAsync(Ct));

        Assert.Equal(EngineErrorKind.AuthenticationFailed, error.Kind);
        Assert.StartsWith($"TLS authentication with {daemon.Endpoint} failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("requires a client certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_ServerCertificateNotSignedByGivenCa_ThrowsUntrustedServer()
    {
        using var client = new DockerEngineClient(
            daemon.Endpoint, EngineCredentials.ForTls(daemon.RogueCaPem, daemon.ClientCertPem, daemon.ClientKeyPem));

        var error = await Assert.ThrowsAsync<EngineException>(() => client.PingAsync(Ct));

        Assert.Equal(EngineErrorKind.AuthenticationFailed, error.Kind);
        Assert.StartsWith($"TLS authentication with {daemon.Endpoint} failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not trusted by the configured CA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAsync_NothingListensOnThePort_ThrowsUnreachableConnectionRefused()
    {
        var endpoint = $"tcp://127.0.0.1:{TestTools.FreePort()}";
        using var client = new DockerEngineClient(endpoint, daemon.Credentials);

        var error = await Assert.ThrowsAsync<EngineException>(() => client.PingAsync(Ct));

        Assert.Equal(EngineErrorKind.Unreachable, error.Kind);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TcpWithoutCaOrWithMalformedPem_ThrowsInvalidEndpoint()
    {
        var noCredentials = Assert.Throws<EngineException>(() => _factory.Create(daemon.Endpoint));
        var certWithoutKey = Assert.Throws<EngineException>(
            () => _factory.Create(daemon.Endpoint, new EngineCredentials(daemon.CaPem, daemon.ClientCertPem, null, null)));
        var keyOfAnotherCertificate = Assert.Throws<EngineException>(
            () => _factory.Create(daemon.Endpoint, EngineCredentials.ForTls(daemon.CaPem, daemon.ClientCertPem, daemon.RogueClientKeyPem)));

        Assert.Equal(EngineErrorKind.InvalidEndpoint, noCredentials.Kind);
        Assert.Contains("needs TLS credentials", noCredentials.Message, StringComparison.Ordinal);
        Assert.Equal(EngineErrorKind.InvalidEndpoint, certWithoutKey.Kind);
        Assert.Equal(EngineErrorKind.InvalidEndpoint, keyOfAnotherCertificate.Kind);
        Assert.DoesNotContain("BEGIN", keyOfAnotherCertificate.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _timeout.Dispose();
    }
}
