using WindFlow.Core.Compose;

namespace WindFlow.Tests.Core.Compose;

public sealed class ComposeConfigHashTests
{
    private const string Base = """
        services:
          web:
            image: app:1
            command: serve
            environment: {A: "1", B: "2"}
            ports: ["8080:80"]
            volumes: ["data:/data"]
            labels: {tier: front}
            restart: always
            mem_limit: 1g
            healthcheck:
              test: ["CMD", "true"]
              interval: 10s
        volumes:
          data:
        """;

    private static string Hash(string yaml, string project = "shop")
    {
        var result = ComposeParser.Parse(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return ComposeConfigHash.Compute(result.Project!, project, "web");
    }

    [Fact]
    public void Compute_EqualInput_SameHash()
    {
        var reordered = Base.Replace("environment: {A: \"1\", B: \"2\"}", "environment: [B=2, A=1]", StringComparison.Ordinal);

        Assert.Equal(Hash(Base), Hash(Base));
        Assert.Equal(Hash(Base), Hash(reordered));
    }

    [Theory]
    [InlineData("image: app:1", "image: app:2")]
    [InlineData("command: serve", "command: serve --debug")]
    [InlineData("A: \"1\"", "A: \"3\"")]
    [InlineData("8080:80", "8081:80")]
    [InlineData("data:/data\"]", "data:/data:ro\"]")]
    [InlineData("tier: front", "tier: back")]
    [InlineData("restart: always", "restart: \"no\"")]
    [InlineData("mem_limit: 1g", "mem_limit: 2g")]
    [InlineData("interval: 10s", "interval: 11s")]
    [InlineData("[\"CMD\", \"true\"]", "[\"CMD\", \"false\"]")]
    public void Compute_ChangedField_DifferentHash(string from, string to)
    {
        var changed = Base.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Base, changed);

        Assert.NotEqual(Hash(Base), Hash(changed));
    }

    [Fact]
    public void Compute_ProjectName_ChangesNetworkAndVolumeNames()
    {
        Assert.NotEqual(Hash(Base, "shop"), Hash(Base, "shop2"));
    }

    [Fact]
    public void Build_ContainerNumberAndExtraLabels_DoNotChangeHash()
    {
        var project = ComposeParser.Parse(Base).Project!;

        var first = ComposeContainerBuilder.Build(project, "shop", "web", 1, new Dictionary<string, string>());
        var second = ComposeContainerBuilder.Build(project, "shop", "web", 3, new Dictionary<string, string> { ["windflow.revision"] = "9" });

        Assert.Equal(first.Labels[ComposeLabels.ConfigHash], second.Labels[ComposeLabels.ConfigHash]);
        Assert.Equal(Hash(Base), first.Labels[ComposeLabels.ConfigHash]);
    }

    [Fact]
    public void Compute_KnownInput_MatchesPinnedValue()
    {
        // Pinned value: a change here means every deployed container would be recreated on upgrade.
        var hash = Hash("services:\n  web:\n    image: app\n");

        Assert.True(hash == PinnedHash, $"hash changed to {hash}");
    }

    private const string PinnedHash = "b11471d71cb626724d19a49a5ca4571feaef0d9fec766937b09f39d9a9e8a28a";
}
