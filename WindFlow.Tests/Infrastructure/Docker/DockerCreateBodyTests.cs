using System.Text.Json;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;

namespace WindFlow.Tests.Infrastructure.Docker;

// The create body as it goes on the wire: what is left out matters as much as what is sent,
// because a member sent empty overrides the image's or the engine's default.
public sealed class DockerCreateBodyTests
{
    [Fact]
    public void ToCreateBody_MinimalSpec_SendsOnlyTheImageAndFlags()
    {
        var json = Serialize(new ContainerCreateSpec { Name = "web", Image = "nginx:1" });

        Assert.Equal(
            """{"Image":"nginx:1","Tty":false,"OpenStdin":false,"HostConfig":{"Privileged":false,"ReadonlyRootfs":false}}""",
            json);
    }

    [Fact]
    public void ToCreateBody_EmptyEntrypointAndNullCommand_SendsAnEmptyEntrypointAndNoCmd()
    {
        using var json = JsonDocument.Parse(Serialize(new ContainerCreateSpec { Name = "web", Image = "nginx:1", Entrypoint = [] }));

        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("Entrypoint").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("Entrypoint").GetArrayLength());
        Assert.False(json.RootElement.TryGetProperty("Cmd", out _));
    }

    [Fact]
    public void ToCreateBody_PortsAndNetworks_ExposesEveryPortBindsPublishedOnesAndAttachesTheFirstNetwork()
    {
        var spec = new ContainerCreateSpec
        {
            Name = "web",
            Image = "nginx:1",
            Ports = [new PortBindingSpec(80, HostIp: "127.0.0.1", HostPort: "8080"), new PortBindingSpec(80, HostPort: "8081"), new PortBindingSpec(9000, "udp")],
            Networks = [new NetworkAttachmentSpec("front", ["web"], "198.18.0.5"), new NetworkAttachmentSpec("back", [])],
        };

        using var json = JsonDocument.Parse(Serialize(spec));

        var root = json.RootElement;
        Assert.Equal(["80/tcp", "9000/udp"], root.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name));
        var bindings = root.GetProperty("HostConfig").GetProperty("PortBindings");
        Assert.Equal(["80/tcp"], bindings.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            """[{"HostIp":"127.0.0.1","HostPort":"8080"},{"HostPort":"8081"}]""",
            bindings.GetProperty("80/tcp").GetRawText());
        Assert.Equal("front", root.GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
        Assert.Equal(
            """{"front":{"Aliases":["web"],"IPAMConfig":{"IPv4Address":"198.18.0.5"}}}""",
            root.GetProperty("NetworkingConfig").GetProperty("EndpointsConfig").GetRawText());
    }

    [Theory]
    [InlineData("always", "always", 0)]
    [InlineData("unless-stopped", "unless-stopped", 0)]
    [InlineData("on-failure", "on-failure", 0)]
    [InlineData("on-failure:3", "on-failure", 3)]
    public void ParseRestartPolicy_KnownForms_GivesNameAndRetries(string policy, string name, int retries)
    {
        var parsed = DockerMapping.ParseRestartPolicy(policy);

        Assert.NotNull(parsed);
        Assert.Equal((name, retries), (parsed.Name, parsed.MaximumRetryCount));
    }

    [Theory]
    [InlineData("on-failure:")]
    [InlineData("on-failure:-1")]
    [InlineData("always:2")]
    public void ParseRestartPolicy_MalformedCount_ThrowsNamingThePolicy(string policy)
    {
        var error = Assert.Throws<EngineException>(() => DockerMapping.ParseRestartPolicy(policy));

        Assert.Contains($"'{policy}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToNanoseconds_OneAndAHalfSeconds_IsOnePointFiveBillion()
    {
        Assert.Equal(1_500_000_000L, DockerMapping.ToNanoseconds(TimeSpan.FromMilliseconds(1500)));
    }

    private static string Serialize(ContainerCreateSpec spec) =>
        JsonSerializer.Serialize(DockerMapping.ToCreateBody(spec), DockerJsonContext.Default.DockerContainerCreateDto);
}
