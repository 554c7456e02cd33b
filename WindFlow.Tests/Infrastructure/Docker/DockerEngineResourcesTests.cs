using System.Globalization;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure.Docker;

[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DockerEngineResourcesTests(DockerEngine docker) : IDisposable
{
    // Waits on a process that ignores SIGTERM would make every stop take the full grace period.
    private const string LongRunning = "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done";
    private const string BusyLoop = "while :; do :; done";

    private readonly DockerEngineClient _client = new(docker.Endpoint);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task GetContainerStatsAsync_BusyContainer_ReportsCpuMemoryLimitAndPids()
    {
        var id = await docker.RunContainerAsync(BusyLoop, extraArguments: ["--memory", "64m"]);

        var stats = await _client.GetContainerStatsAsync(id, Ct);

        // One busy thread: about one CPU, whatever the host's count.
        Assert.InRange(stats.CpuPercent, 1, 150);
        Assert.True(stats.MemoryUsageBytes > 0, $"Memory usage was {stats.MemoryUsageBytes}.");
        Assert.Equal(64L * 1024 * 1024, stats.MemoryLimitBytes);
        Assert.InRange(stats.MemoryPercent, double.Epsilon, 100);
        Assert.True(stats.Pids >= 1, $"Pids was {stats.Pids}.");
        Assert.InRange(stats.Time, TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow().AddMinutes(1));
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StreamContainerStatsAsync_BusyContainer_YieldsSamplesAboutEverySecondUntilCancelled()
    {
        var id = await docker.RunContainerAsync(BusyLoop);
        var probe = await StreamProbe.TakeThenCancelAsync(ct => _client.StreamContainerStatsAsync(id, ct), 3, TimeSpan.FromSeconds(20), Ct);
        var samples = probe.Items;

        Assert.True(probe.CancelRequested, $"Cancellation was never requested: only {samples.Count} samples arrived.");
        Assert.True(probe.EndedAfterCancel < TimeSpan.FromSeconds(1), $"The stream ended {probe.EndedAfterCancel} after cancellation.");
        Assert.Equal(3, samples.Count);
        var gap = samples[2].Time - samples[1].Time;
        Assert.InRange(gap, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3));
        // Later samples measure the interval since the previous one, so the busy loop shows.
        Assert.InRange(samples[1].CpuPercent, 1, 150);
        Assert.InRange(samples[2].CpuPercent, 1, 150);
        Assert.All(samples, s => Assert.True(s.MemoryUsageBytes > 0));
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StreamContainerStatsAsync_ContainerStops_EndsTheStream()
    {
        var id = await docker.RunContainerAsync(LongRunning);
        var samples = 0;

        var reading = Task.Run(async () =>
        {
            await foreach (var _ in _client.StreamContainerStatsAsync(id, Ct))
            {
                if (++samples == 1)
                {
                    await docker.DockerAsync(["kill", id]);
                }
            }
        });

        // The engine would go on sending empty samples for ever; the client ends the stream on the first one.
        await reading.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.InRange(samples, 1, 3);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task GetContainerStatsAsync_StoppedContainer_ReturnsZerosWithoutThrowing()
    {
        var id = await docker.RunContainerAsync("true");
        await docker.DockerAsync(["wait", id]);

        var stats = await _client.GetContainerStatsAsync(id, Ct);
        var streamed = new List<ContainerStats>();
        await foreach (var sample in _client.StreamContainerStatsAsync(id, Ct))
        {
            streamed.Add(sample);
        }

        Assert.Equal((0.0, 0L, 0L, 0L, 0L, 0), (stats.CpuPercent, stats.MemoryUsageBytes, stats.MemoryLimitBytes, stats.NetworkRxBytes, stats.BlockReadBytes, stats.Pids));
        Assert.InRange(stats.Time, TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow().AddMinutes(1));
        Assert.Empty(streamed);
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task GetContainerStatsAsync_UnknownContainer_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _client.GetContainerStatsAsync("wf-missing-stats", Ct));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains("wf-missing-stats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListImagesAsync_TestImagePresent_ShowsTagsSizeAndCreated()
    {
        var images = await _client.ListImagesAsync(Ct);

        var image = Assert.Single(images, i => i.RepoTags.Contains(DockerEngine.TestImage));
        Assert.StartsWith("sha256:", image.Id, StringComparison.Ordinal);
        Assert.False(image.Dangling);
        // The static busybox binary alone is over a megabyte.
        Assert.True(image.SizeBytes > 1_000_000, $"Size was {image.SizeBytes}.");
        Assert.InRange(image.Created, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeProvider.System.GetUtcNow().AddMinutes(1));
        Assert.DoesNotContain(images, i => i.RepoTags.Contains("<none>:<none>"));
    }

    [Fact]
    public async Task RemoveImageAsync_UnusedImage_UntagsAndDeletesIt()
    {
        var tag = $"windflow-test/remove-{Unique()}:1";
        var id = await BuildSmallImageAsync(tag);

        var removed = await _client.RemoveImageAsync(tag, force: false, Ct);

        Assert.Equal("untagged: " + tag, removed[0]);
        Assert.Contains("deleted: " + id, removed);
        Assert.DoesNotContain(await _client.ListImagesAsync(Ct), i => i.Id == id);
    }

    [Fact]
    public async Task RemoveImageAsync_UsedByStoppedContainerWithoutForce_ThrowsConflictThenForceRemoves()
    {
        var tag = $"windflow-test/remove-{Unique()}:1";
        var id = await BuildSmallImageAsync(tag);
        var container = (await docker.DockerAsync(["create", "--network", "none", tag, "true"])).Trim();
        try
        {
            var error = await Assert.ThrowsAsync<EngineException>(() => _client.RemoveImageAsync(tag, force: false, Ct));
            Assert.Equal(EngineErrorKind.Conflict, error.Kind);
            Assert.Equal(409, error.StatusCode);
            Assert.Contains("must force", error.Message, StringComparison.Ordinal);
            Assert.Contains(await _client.ListImagesAsync(Ct), i => i.Id == id);

            var removed = await _client.RemoveImageAsync(tag, force: true, Ct);

            Assert.Equal(["untagged: " + tag, "deleted: " + id], removed);
            Assert.DoesNotContain(await _client.ListImagesAsync(Ct), i => i.Id == id);
        }
        finally
        {
            await docker.RemoveContainerAsync(container);
        }
    }

    [Fact]
    public async Task RemoveImageAsync_UnknownImage_ThrowsNotFoundNamingIt()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _client.RemoveImageAsync("windflow-test/absent:0", force: true, Ct));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Equal("No such image: windflow-test/absent:0", error.Message);
    }

    [Fact]
    public async Task PruneImagesAsync_RebuiltTag_RemovesTheDanglingImageAndKeepsTaggedOnes()
    {
        var tag = $"windflow-test/prune-{Unique()}:1";
        var first = await BuildSmallImageAsync(tag);
        // Building the same tag with other content moves the tag, leaving the first image without a name.
        var second = await BuildSmallImageAsync(tag);
        Assert.NotEqual(first, second);
        Assert.True(Assert.Single(await _client.ListImagesAsync(Ct), i => i.Id == first).Dangling);

        var result = await _client.PruneImagesAsync(Ct);

        Assert.Contains(first, result.Removed);
        Assert.True(result.SpaceReclaimedBytes > 0, $"Reclaimed {result.SpaceReclaimedBytes} bytes.");
        var images = await _client.ListImagesAsync(Ct);
        Assert.DoesNotContain(images, i => i.Id == first);
        Assert.Contains(images, i => i.Id == second && i.RepoTags.Contains(tag));
        Assert.Contains(images, i => i.RepoTags.Contains(DockerEngine.TestImage));
        await _client.RemoveImageAsync(tag, force: true, Ct);
    }

    [Fact]
    public async Task CreateVolumeAsync_LabelsAndOptions_CreatesLocalVolumeListedWithThem()
    {
        var name = "wf-vol-" + Unique();
        try
        {
            var created = await _client.CreateVolumeAsync(
                new VolumeCreate(
                    name,
                    Labels: new Dictionary<string, string> { ["windflow.test"] = "volume" },
                    DriverOptions: new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs", ["o"] = "size=1m" }),
                Ct);

            Assert.Equal(name, created.Name);
            Assert.Equal("local", created.Driver);
            Assert.Equal("local", created.Scope);
            Assert.Equal("volume", created.Labels["windflow.test"]);
            Assert.EndsWith($"/volumes/{name}/_data", created.Mountpoint, StringComparison.Ordinal);
            Assert.NotNull(created.Created);
            var listed = Assert.Single(await _client.ListVolumesAsync(Ct), v => v.Name == name);
            Assert.Equivalent(created, listed, strict: true);
            var options = await docker.DockerAsync(["volume", "inspect", "--format", "{{.Options.type}} {{.Options.device}} {{.Options.o}}", name]);
            Assert.Equal("tmpfs tmpfs size=1m", options.Trim());
        }
        finally
        {
            await docker.DockerAsync(["volume", "rm", "-f", name], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task RemoveVolumeAsync_UsedByContainer_ThrowsConflictEvenWithForceUntilTheContainerIsGone()
    {
        var name = "wf-vol-" + Unique();
        await _client.CreateVolumeAsync(new VolumeCreate(name), Ct);
        var id = await docker.RunContainerAsync(LongRunning, extraArguments: ["-v", name + ":/data"]);
        try
        {
            var error = await Assert.ThrowsAsync<EngineException>(() => _client.RemoveVolumeAsync(name, force: false, Ct));
            Assert.Equal(EngineErrorKind.Conflict, error.Kind);
            Assert.Contains("volume is in use", error.Message, StringComparison.Ordinal);
            var forced = await Assert.ThrowsAsync<EngineException>(() => _client.RemoveVolumeAsync(name, force: true, Ct));
            Assert.Equal(EngineErrorKind.Conflict, forced.Kind);

            await docker.RemoveContainerAsync(id);
            await _client.RemoveVolumeAsync(name, force: false, Ct);

            Assert.DoesNotContain(await _client.ListVolumesAsync(Ct), v => v.Name == name);
        }
        finally
        {
            await docker.RemoveContainerAsync(id);
            await docker.DockerAsync(["volume", "rm", "-f", name], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task RemoveVolumeAsync_MissingVolume_ThrowsNotFoundUnlessForced()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _client.RemoveVolumeAsync("wf-vol-absent", force: false, Ct));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains("no such volume", error.Message, StringComparison.Ordinal);
        await _client.RemoveVolumeAsync("wf-vol-absent", force: true, Ct);
    }

    [Fact]
    public async Task PruneVolumesAsync_NamedVolumes_RemovesUnusedOnesAndKeepsThoseInUse()
    {
        var unused = "wf-vol-" + Unique();
        var used = "wf-vol-" + Unique();
        await _client.CreateVolumeAsync(new VolumeCreate(unused), Ct);
        await _client.CreateVolumeAsync(new VolumeCreate(used), Ct);
        // A stopped container still holds its volumes.
        var id = await docker.RunContainerAsync("echo kept > /data/file", extraArguments: ["-v", used + ":/data"]);
        await docker.DockerAsync(["wait", id]);
        try
        {
            var result = await _client.PruneVolumesAsync(Ct);

            Assert.Contains(unused, result.Removed);
            Assert.DoesNotContain(used, result.Removed);
            var names = (await _client.ListVolumesAsync(Ct)).Select(v => v.Name).ToList();
            Assert.DoesNotContain(unused, names);
            Assert.Contains(used, names);
        }
        finally
        {
            await docker.RemoveContainerAsync(id);
            await docker.DockerAsync(["volume", "rm", "-f", used], throwOnFailure: false);
            await docker.DockerAsync(["volume", "rm", "-f", unused], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task CreateNetworkAsync_SubnetLabelsInternal_ReturnsTheNetworkAsCreated()
    {
        var name = "wf-net-" + Unique();
        var subnet = TestSubnet();
        try
        {
            var created = await _client.CreateNetworkAsync(
                new NetworkCreate(name, Internal: true, Attachable: true, Subnet: subnet, Labels: new Dictionary<string, string> { ["windflow.test"] = "network" }),
                Ct);

            Assert.Equal(64, created.Id.Length);
            Assert.Equal(name, created.Name);
            Assert.Equal("bridge", created.Driver);
            Assert.Equal("local", created.Scope);
            Assert.True(created.Internal);
            Assert.True(created.Attachable);
            Assert.Equal([subnet], created.Subnets);
            Assert.Equal("network", created.Labels["windflow.test"]);
            Assert.InRange(created.Created!.Value, TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow().AddMinutes(1));
            Assert.Equivalent(created, Assert.Single(await _client.ListNetworksAsync(Ct), n => n.Name == name), strict: true);
        }
        finally
        {
            await docker.DockerAsync(["network", "rm", name], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task CreateNetworkAsync_NameTaken_ThrowsConflict()
    {
        var name = "wf-net-" + Unique();
        try
        {
            await _client.CreateNetworkAsync(new NetworkCreate(name, Internal: true, Subnet: TestSubnet()), Ct);

            var error = await Assert.ThrowsAsync<EngineException>(
                () => _client.CreateNetworkAsync(new NetworkCreate(name, Internal: true, Subnet: TestSubnet()), Ct));

            Assert.Equal(EngineErrorKind.Conflict, error.Kind);
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
            Assert.Single(await _client.ListNetworksAsync(Ct), n => n.Name == name);
        }
        finally
        {
            await docker.DockerAsync(["network", "rm", name], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task InspectNetworkAsync_AttachedContainer_ListsItAndRemovalIsRefusedUntilItLeaves()
    {
        var name = "wf-net-" + Unique();
        var subnet = TestSubnet();
        var network = await _client.CreateNetworkAsync(new NetworkCreate(name, Internal: true, Subnet: subnet), Ct);
        var id = await docker.RunContainerAsync(LongRunning, network: name);
        try
        {
            var details = await _client.InspectNetworkAsync(name, Ct);

            Assert.Equivalent(network, details.Network, strict: true);
            var attached = Assert.Single(details.Containers);
            Assert.Equal(id, attached.Id);
            Assert.StartsWith("wf-test-", attached.Name, StringComparison.Ordinal);
            Assert.StartsWith(subnet[..subnet.LastIndexOf('.')] + ".", attached.IPv4Address, StringComparison.Ordinal);
            Assert.EndsWith("/24", attached.IPv4Address, StringComparison.Ordinal);
            Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", attached.MacAddress);

            var error = await Assert.ThrowsAsync<EngineException>(() => _client.RemoveNetworkAsync(network.Id, Ct));
            Assert.Equal(EngineErrorKind.Conflict, error.Kind);
            Assert.Contains("has active endpoints", error.Message, StringComparison.Ordinal);

            await docker.RemoveContainerAsync(id);
            Assert.Empty((await _client.InspectNetworkAsync(network.Id, Ct)).Containers);
            await _client.RemoveNetworkAsync(network.Id, Ct);

            var gone = await Assert.ThrowsAsync<EngineException>(() => _client.InspectNetworkAsync(network.Id, Ct));
            Assert.Equal(EngineErrorKind.NotFound, gone.Kind);
            Assert.DoesNotContain(await _client.ListNetworksAsync(Ct), n => n.Id == network.Id);
        }
        finally
        {
            await docker.RemoveContainerAsync(id);
            await docker.DockerAsync(["network", "rm", name], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task ListNetworksAsync_PrivateOrSystemEngine_IncludesTheBuiltInHostAndNoneNetworks()
    {
        var networks = await _client.ListNetworksAsync(Ct);

        Assert.Equal("host", Assert.Single(networks, n => n.Name == "host").Driver);
        Assert.Equal("null", Assert.Single(networks, n => n.Name == "none").Driver);
    }

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    // 198.18.0.0/15 is reserved for benchmarking, so it cannot clash with a real network of the host;
    // a random /24 keeps two test runs on one machine apart.
    private static string TestSubnet() =>
        string.Create(CultureInfo.InvariantCulture, $"198.{18 + Random.Shared.Next(2)}.{Random.Shared.Next(256)}.0/24");

    // Unique content gives a unique image id even when the tag is reused.
    private Task<string> BuildSmallImageAsync(string tag) =>
        docker.BuildImageAsync(tag, $"FROM {DockerEngine.TestImage}\nRUN echo {Unique()} > /marker\n");
}
