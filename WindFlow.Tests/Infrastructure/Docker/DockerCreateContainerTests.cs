using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure.Docker;

/// <summary>Container creation, waiting, image inspection and label listing against the real engine.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DockerCreateContainerTests(DockerEngine docker, RegistryServer registry) : IClassFixture<RegistryServer>, IAsyncLifetime
{
    private const string LongRunning = "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done";

    private readonly DockerEngineClient _client = new(docker.Endpoint);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));
    private readonly List<string> _containers = [];
    private readonly List<string> _networks = [];
    private readonly List<string> _volumes = [];
    private readonly List<string> _images = [];
    private readonly List<string> _directories = [];

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task CreateContainerAsync_EverySpecMember_LandsInTheEngineAndRuns()
    {
        var image = await BuildEntrypointImageAsync();
        var frontNet = await CreateNetworkAsync();
        var backNet = await CreateNetworkAsync();
        var frontIp = AddressIn(frontNet.Subnets[0], 10);
        var volume = await CreateVolumeAsync();
        var bindSource = CreateDirectory();
        await File.WriteAllTextAsync(Path.Combine(bindSource, "marker"), "bound\n", Ct);
        var name = NewName();
        var spec = new ContainerCreateSpec
        {
            Name = name,
            Image = image,
            Entrypoint = [],
            Command = ["sh", "-c", LongRunning],
            Environment = ["A=1", "B=two words"],
            Labels = new Dictionary<string, string> { ["windflow.test"] = "create", ["com.docker.compose.service"] = "web" },
            User = "1000:1000",
            WorkingDir = "/work",
            Hostname = "wf-host",
            Tty = true,
            OpenStdin = true,
            StopSignal = "SIGINT",
            StopTimeout = TimeSpan.FromSeconds(7),
            Healthcheck = new ContainerHealthcheck(
                ["CMD-SHELL", "true"], Interval: TimeSpan.FromSeconds(5), Timeout: TimeSpan.FromSeconds(2), Retries: 4, StartPeriod: TimeSpan.FromMilliseconds(1500)),
            Ports = [new PortBindingSpec(80, "tcp", "127.0.0.1", ""), new PortBindingSpec(53, "udp"), new PortBindingSpec(81, "tcp", "127.0.0.1", "")],
            Mounts =
            [
                new MountSpec("volume", volume, "/data", NoCopy: true),
                new MountSpec("bind", bindSource, "/host", ReadOnly: true),
                new MountSpec("tmpfs", null, "/scratch", TmpfsSizeBytes: 1024 * 1024),
            ],
            Networks = [new NetworkAttachmentSpec(frontNet.Name, ["web", "www"], frontIp), new NetworkAttachmentSpec(backNet.Name, ["api"])],
            RestartPolicy = "on-failure:3",
            ReadOnlyRootFilesystem = true,
            Init = true,
            CapAdd = ["NET_ADMIN"],
            CapDrop = ["MKNOD"],
            SecurityOpt = ["no-new-privileges:true"],
            ExtraHosts = ["db.example:127.0.0.2"],
            Dns = ["127.0.0.53"],
            IpcMode = "shareable",
            Logging = new LogConfigSpec("json-file", new Dictionary<string, string> { ["max-size"] = "1m", ["max-file"] = "2" }),
            Ulimits = [new UlimitSpec("nofile", 1024, 2048)],
            Sysctls = new Dictionary<string, string> { ["net.core.somaxconn"] = "1024" },
            ShmSizeBytes = 16L * 1024 * 1024,
            MemoryBytes = 64L * 1024 * 1024,
            MemoryReservationBytes = 32L * 1024 * 1024,
            NanoCpus = 500_000_000,
        };

        var id = await _client.CreateContainerAsync(spec, Ct);

        using var created = await InspectAsync(id);
        var root = created.RootElement[0];
        Assert.Equal(id, root.GetProperty("Id").GetString());
        Assert.Equal("/" + name, root.GetProperty("Name").GetString());
        // Created, not started: the caller decides when to start.
        Assert.Equal("created", root.GetProperty("State").GetProperty("Status").GetString());
        var config = root.GetProperty("Config");
        Assert.Equal(image, config.GetProperty("Image").GetString());
        Assert.True(IsNullOrEmptyArray(config.GetProperty("Entrypoint")), "The image's entrypoint should have been cleared.");
        Assert.Equal("sh", root.GetProperty("Path").GetString());
        Assert.Equal(["sh", "-c", LongRunning], Strings(config.GetProperty("Cmd")));
        Assert.Contains("A=1", Strings(config.GetProperty("Env")));
        Assert.Contains("B=two words", Strings(config.GetProperty("Env")));
        var labels = config.GetProperty("Labels");
        Assert.Equal("create", labels.GetProperty("windflow.test").GetString());
        Assert.Equal("web", labels.GetProperty("com.docker.compose.service").GetString());
        Assert.Equal("1000:1000", config.GetProperty("User").GetString());
        Assert.Equal("/work", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("wf-host", config.GetProperty("Hostname").GetString());
        Assert.True(config.GetProperty("Tty").GetBoolean());
        Assert.True(config.GetProperty("OpenStdin").GetBoolean());
        Assert.Equal("SIGINT", config.GetProperty("StopSignal").GetString());
        Assert.Equal(7, config.GetProperty("StopTimeout").GetInt32());
        var health = config.GetProperty("Healthcheck");
        Assert.Equal(["CMD-SHELL", "true"], Strings(health.GetProperty("Test")));
        Assert.Equal(5_000_000_000L, health.GetProperty("Interval").GetInt64());
        Assert.Equal(2_000_000_000L, health.GetProperty("Timeout").GetInt64());
        Assert.Equal(1_500_000_000L, health.GetProperty("StartPeriod").GetInt64());
        Assert.Equal(4, health.GetProperty("Retries").GetInt32());
        Assert.Equal(["53/udp", "80/tcp", "81/tcp"], config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var host = root.GetProperty("HostConfig");
        var bindings = host.GetProperty("PortBindings");
        Assert.Equal(["80/tcp", "81/tcp"], bindings.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var web = Assert.Single(bindings.GetProperty("80/tcp").EnumerateArray());
        Assert.Equal("127.0.0.1", web.GetProperty("HostIp").GetString());
        Assert.Equal("", web.GetProperty("HostPort").GetString());
        var mounts = host.GetProperty("Mounts").EnumerateArray().ToDictionary(m => m.GetProperty("Target").GetString()!);
        Assert.Equal(3, mounts.Count);
        Assert.Equal("volume", mounts["/data"].GetProperty("Type").GetString());
        Assert.Equal(volume, mounts["/data"].GetProperty("Source").GetString());
        Assert.True(mounts["/data"].GetProperty("VolumeOptions").GetProperty("NoCopy").GetBoolean());
        Assert.False(mounts["/data"].TryGetProperty("ReadOnly", out var dataReadOnly) && dataReadOnly.GetBoolean());
        Assert.Equal("bind", mounts["/host"].GetProperty("Type").GetString());
        Assert.Equal(bindSource, mounts["/host"].GetProperty("Source").GetString());
        Assert.True(mounts["/host"].GetProperty("ReadOnly").GetBoolean());
        Assert.Equal("tmpfs", mounts["/scratch"].GetProperty("Type").GetString());
        Assert.Equal(1024 * 1024, mounts["/scratch"].GetProperty("TmpfsOptions").GetProperty("SizeBytes").GetInt64());
        Assert.Equal(frontNet.Name, host.GetProperty("NetworkMode").GetString());
        Assert.Equal("on-failure", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.Equal(3, host.GetProperty("RestartPolicy").GetProperty("MaximumRetryCount").GetInt32());
        Assert.False(host.GetProperty("Privileged").GetBoolean());
        Assert.True(host.GetProperty("ReadonlyRootfs").GetBoolean());
        Assert.True(host.GetProperty("Init").GetBoolean());
        Assert.Equal(["NET_ADMIN"], Strings(host.GetProperty("CapAdd")));
        Assert.Equal(["MKNOD"], Strings(host.GetProperty("CapDrop")));
        Assert.Equal(["no-new-privileges:true"], Strings(host.GetProperty("SecurityOpt")));
        Assert.Equal(["db.example:127.0.0.2"], Strings(host.GetProperty("ExtraHosts")));
        Assert.Equal(["127.0.0.53"], Strings(host.GetProperty("Dns")));
        Assert.Equal("shareable", host.GetProperty("IpcMode").GetString());
        Assert.Equal("json-file", host.GetProperty("LogConfig").GetProperty("Type").GetString());
        Assert.Equal("1m", host.GetProperty("LogConfig").GetProperty("Config").GetProperty("max-size").GetString());
        Assert.Equal("2", host.GetProperty("LogConfig").GetProperty("Config").GetProperty("max-file").GetString());
        var ulimit = Assert.Single(host.GetProperty("Ulimits").EnumerateArray());
        Assert.Equal(("nofile", 1024L, 2048L), (ulimit.GetProperty("Name").GetString(), ulimit.GetProperty("Soft").GetInt64(), ulimit.GetProperty("Hard").GetInt64()));
        Assert.Equal("1024", host.GetProperty("Sysctls").GetProperty("net.core.somaxconn").GetString());
        Assert.Equal(16L * 1024 * 1024, host.GetProperty("ShmSize").GetInt64());
        Assert.Equal(64L * 1024 * 1024, host.GetProperty("Memory").GetInt64());
        Assert.Equal(32L * 1024 * 1024, host.GetProperty("MemoryReservation").GetInt64());
        Assert.Equal(500_000_000L, host.GetProperty("NanoCpus").GetInt64());

        // Running it proves the engine accepts the whole combination, and shows what the process sees.
        await _client.StartContainerAsync(id, Ct);
        var seen = await docker.DockerAsync(
            ["exec", id, "sh", "-c", "hostname; id -u; pwd; cat /proc/sys/net/core/somaxconn; echo \"$B\"; cat /host/marker; grep db.example /etc/hosts; grep 'open files' /proc/1/limits"]);
        var lines = seen.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal(["wf-host", "1000", "/work", "1024", "two words", "bound"], lines[..6]);
        Assert.Matches(@"^127\.0\.0\.2\s+db\.example$", lines[6]);
        // The main process (PID 1, the init) gets the ulimit; an exec'd shell may not show the soft one.
        Assert.Matches(@"^Max open files\s+1024\s+2048\s+files$", lines[7]);

        using var running = await InspectAsync(id);
        var networks = running.RootElement[0].GetProperty("NetworkSettings").GetProperty("Networks");
        Assert.Equal(new[] { backNet.Name, frontNet.Name }.Order(StringComparer.Ordinal), networks.EnumerateObject().Select(n => n.Name).Order(StringComparer.Ordinal));
        var front = networks.GetProperty(frontNet.Name);
        Assert.Contains("web", Strings(front.GetProperty("Aliases")));
        Assert.Contains("www", Strings(front.GetProperty("Aliases")));
        Assert.Equal(frontIp, front.GetProperty("IPAddress").GetString());
        Assert.Equal(frontIp, front.GetProperty("IPAMConfig").GetProperty("IPv4Address").GetString());
        Assert.Contains("api", Strings(networks.GetProperty(backNet.Name).GetProperty("Aliases")));
        var published = Assert.Single(running.RootElement[0].GetProperty("NetworkSettings").GetProperty("Ports").GetProperty("80/tcp").EnumerateArray());
        Assert.Equal("127.0.0.1", published.GetProperty("HostIp").GetString());
        Assert.True(int.Parse(published.GetProperty("HostPort").GetString()!, CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task CreateContainerAsync_EntrypointNullOrEmpty_KeepsOrClearsTheImageEntrypointAndKeepsItsCmd()
    {
        var image = await BuildEntrypointImageAsync();

        var kept = await _client.CreateContainerAsync(new ContainerCreateSpec { Name = NewName(), Image = image, NetworkMode = "none" }, Ct);
        var cleared = await _client.CreateContainerAsync(new ContainerCreateSpec { Name = NewName(), Image = image, NetworkMode = "none", Entrypoint = [] }, Ct);

        using var keptJson = await InspectAsync(kept);
        Assert.Equal("echo", keptJson.RootElement[0].GetProperty("Path").GetString());
        Assert.Equal(["ep", "hello"], Strings(keptJson.RootElement[0].GetProperty("Args")));
        using var clearedJson = await InspectAsync(cleared);
        Assert.True(IsNullOrEmptyArray(clearedJson.RootElement[0].GetProperty("Config").GetProperty("Entrypoint")));
        Assert.Equal("hello", clearedJson.RootElement[0].GetProperty("Path").GetString());
        Assert.Equal("none", clearedJson.RootElement[0].GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
    }

    [Fact]
    public async Task CreateContainerAsync_PrivilegedHostPidNoInit_LandsInHostConfig()
    {
        var id = await _client.CreateContainerAsync(
            new ContainerCreateSpec { Name = NewName(), Image = DockerEngine.TestImage, NetworkMode = "none", Privileged = true, PidMode = "host", Init = false },
            Ct);

        using var json = await InspectAsync(id);
        var host = json.RootElement[0].GetProperty("HostConfig");
        Assert.True(host.GetProperty("Privileged").GetBoolean());
        Assert.Equal("host", host.GetProperty("PidMode").GetString());
        Assert.False(host.GetProperty("Init").GetBoolean());
        Assert.False(host.GetProperty("ReadonlyRootfs").GetBoolean());
        // No policy sent: the engine's default, which it stores as an empty name.
        Assert.Equal("", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.Equal(0L, host.GetProperty("Memory").GetInt64());
    }

    [Fact]
    public async Task CreateContainerAsync_MissingImage_ThrowsNotFoundSayingToPullAndLeavesNoContainer()
    {
        var name = NewName();
        var image = "windflow-test/absent-" + Unique() + ":1";

        var error = await Assert.ThrowsAsync<EngineException>(
            () => _client.CreateContainerAsync(new ContainerCreateSpec { Name = name, Image = image, NetworkMode = "none" }, Ct));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains($"Image '{image}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be pulled", error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.False(await ContainerExistsAsync(name));
    }

    [Fact]
    public async Task CreateContainerAsync_NameInUse_ThrowsConflictNamingTheContainerAndKeepsTheFirst()
    {
        var name = NewName();
        var first = await _client.CreateContainerAsync(new ContainerCreateSpec { Name = name, Image = DockerEngine.TestImage, NetworkMode = "none" }, Ct);

        var error = await Assert.ThrowsAsync<EngineException>(
            () => _client.CreateContainerAsync(new ContainerCreateSpec { Name = name, Image = DockerEngine.TestImage, NetworkMode = "none" }, Ct));

        Assert.Equal(EngineErrorKind.Conflict, error.Kind);
        Assert.Equal(409, error.StatusCode);
        Assert.Contains($"A container named '{name}' already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(first, (await _client.InspectContainerAsync(name, Ct)).Id);
    }

    [Fact]
    public async Task CreateContainerAsync_SecondNetworkMissing_RemovesTheHalfMadeContainerAndNamesTheNetwork()
    {
        var network = await CreateNetworkAsync();
        var missing = "wf-absent-net-" + Unique();
        var name = NewName();
        var spec = new ContainerCreateSpec
        {
            Name = name,
            Image = DockerEngine.TestImage,
            Networks = [new NetworkAttachmentSpec(network.Name, ["a"]), new NetworkAttachmentSpec(missing, ["b"])],
        };

        var error = await Assert.ThrowsAsync<EngineException>(() => _client.CreateContainerAsync(spec, Ct));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains($"Attaching container '{name}' to network '{missing}' failed", error.Message, StringComparison.Ordinal);
        Assert.False(await ContainerExistsAsync(name));
        Assert.Empty((await _client.InspectNetworkAsync(network.Id, Ct)).Containers);
    }

    [Fact]
    public async Task CreateContainerAsync_EngineRefusesTheSecondNetwork_RemovesTheHalfMadeContainer()
    {
        var network = await CreateNetworkAsync();
        var name = NewName();
        var spec = new ContainerCreateSpec
        {
            Name = name,
            Image = DockerEngine.TestImage,
            // The engine accepts the create, then refuses to add the host network to a bridged container.
            Networks = [new NetworkAttachmentSpec(network.Name, ["a"]), new NetworkAttachmentSpec("host", [])],
        };

        var error = await Assert.ThrowsAsync<EngineException>(() => _client.CreateContainerAsync(spec, Ct));

        Assert.Equal(EngineErrorKind.Api, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains($"Attaching container '{name}' to network 'host' failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("host network", error.Message, StringComparison.Ordinal);
        Assert.False(await ContainerExistsAsync(name));
        Assert.Empty((await _client.InspectNetworkAsync(network.Id, Ct)).Containers);
    }

    [Fact]
    public async Task CreateContainerAsync_InvalidRestartPolicy_ThrowsBeforeCreatingAnything()
    {
        var name = NewName();

        var error = await Assert.ThrowsAsync<EngineException>(() => _client.CreateContainerAsync(
            new ContainerCreateSpec { Name = name, Image = DockerEngine.TestImage, NetworkMode = "none", RestartPolicy = "on-failure:often" }, Ct));

        Assert.Equal(EngineErrorKind.Api, error.Kind);
        Assert.Contains("'on-failure:often'", error.Message, StringComparison.Ordinal);
        Assert.False(await ContainerExistsAsync(name));
    }

    [Fact]
    public async Task CreateContainerAsync_EngineRejectsTheSpec_ThrowsTheEngineMessageNamingTheContainer()
    {
        var name = NewName();

        var error = await Assert.ThrowsAsync<EngineException>(() => _client.CreateContainerAsync(
            new ContainerCreateSpec { Name = name, Image = DockerEngine.TestImage, NetworkMode = "none", Mounts = [new MountSpec("bind", "relative/path", "/x")] }, Ct));

        Assert.Equal(EngineErrorKind.Api, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.StartsWith($"Creating container '{name}' failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("relative/path", error.Message, StringComparison.Ordinal);
        Assert.False(await ContainerExistsAsync(name));
    }

    [Fact]
    public async Task CreateContainerAsync_HealthcheckStartInterval_LandsOrIsRefusedOnEnginesWithoutIt()
    {
        var name = NewName();
        var spec = new ContainerCreateSpec
        {
            Name = name,
            Image = DockerEngine.TestImage,
            NetworkMode = "none",
            Healthcheck = new ContainerHealthcheck(["CMD", "true"], StartPeriod: TimeSpan.FromSeconds(10), StartInterval: TimeSpan.FromSeconds(1)),
        };
        var api = Version.Parse((await _client.GetInfoAsync(Ct)).NegotiatedApiVersion);

        if (api >= new Version(1, 44))
        {
            var id = await _client.CreateContainerAsync(spec, Ct);
            using var json = await InspectAsync(id);
            Assert.Equal(1_000_000_000L, json.RootElement[0].GetProperty("Config").GetProperty("Healthcheck").GetProperty("StartInterval").GetInt64());
        }
        else
        {
            // Older engines would drop the field without a word; the client says so instead.
            var error = await Assert.ThrowsAsync<EngineException>(() => _client.CreateContainerAsync(spec, Ct));
            Assert.Contains("start interval needs Docker Engine API 1.44", error.Message, StringComparison.Ordinal);
            Assert.False(await ContainerExistsAsync(name));
        }
    }

    [Fact]
    public async Task WaitContainerAsync_ContainerExitsWithThree_ReturnsThreeOnceItStopped()
    {
        var id = await _client.CreateContainerAsync(
            new ContainerCreateSpec { Name = NewName(), Image = DockerEngine.TestImage, NetworkMode = "none", Command = ["sh", "-c", "sleep 1; exit 3"] }, Ct);
        await _client.StartContainerAsync(id, Ct);

        var code = await _client.WaitContainerAsync(id, Ct);

        Assert.Equal(3, code);
        var state = (await _client.InspectContainerAsync(id, Ct)).State;
        Assert.False(state.Running);
        Assert.Equal(3, state.ExitCode);
    }

    [Fact]
    public async Task WaitContainerAsync_Cancelled_StopsWaitingPromptlyAndLeavesTheContainerRunning()
    {
        var id = await _client.CreateContainerAsync(
            new ContainerCreateSpec { Name = NewName(), Image = DockerEngine.TestImage, NetworkMode = "none", Command = ["sh", "-c", LongRunning] }, Ct);
        await _client.StartContainerAsync(id, Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var waiting = _client.WaitContainerAsync(id, cancel.Token);
        await Task.Delay(500, Ct);
        Assert.False(waiting.IsCompleted, "The wait ended while the container was still running.");
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The wait ended {clock.Elapsed} after cancellation.");
        Assert.True((await _client.InspectContainerAsync(id, Ct)).State.Running);
    }

    [Fact]
    public async Task WaitContainerAsync_UnknownContainer_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => _client.WaitContainerAsync("wf-missing-wait", Ct));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains("wf-missing-wait", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectImageAsync_TestImageAndMissingImage_ReturnsDetailsOrNull()
    {
        var expectedId = (await docker.DockerAsync(["image", "inspect", "--format", "{{.Id}}", DockerEngine.TestImage])).Trim();

        var image = await _client.InspectImageAsync(DockerEngine.TestImage, Ct);
        var byId = await _client.InspectImageAsync(expectedId, Ct);
        var missing = await _client.InspectImageAsync("windflow-test/absent-" + Unique() + ":1", Ct);

        Assert.NotNull(image);
        Assert.Equal(expectedId, image.Id);
        Assert.Contains(DockerEngine.TestImage, image.RepoTags);
        // Built here, never pushed or pulled: no registry digest.
        Assert.Empty(image.RepoDigests);
        Assert.NotNull(byId);
        Assert.Equal(image.Id, byId.Id);
        Assert.Equal(image.RepoTags, byId.RepoTags);
        Assert.Null(missing);
    }

    [Fact]
    public async Task InspectImageAsync_PulledFromRegistry_HasTheRegistryDigest()
    {
        var reference = $"{registry.Host}/windflow-test/inspect-{Unique()}:1";
        var repository = reference[..reference.LastIndexOf(':')];
        _images.Add(reference);
        var pushedId = await docker.BuildImageAsync(reference, $"FROM {DockerEngine.TestImage}\nRUN echo {Unique()} > /marker\n");
        _images.Add(pushedId);
        var pushed = await docker.DockerAsync(["push", reference]);
        await docker.DockerAsync(["rmi", reference]);
        await foreach (var _ in _client.PullImageAsync(reference, Ct))
        {
        }

        var image = await _client.InspectImageAsync(reference, Ct);

        Assert.NotNull(image);
        Assert.Equal(pushedId, image.Id);
        Assert.Equal([reference], image.RepoTags);
        var digest = Assert.Single(image.RepoDigests);
        Assert.StartsWith(repository + "@sha256:", digest, StringComparison.Ordinal);
        // The push reported the same digest the engine now records.
        Assert.Contains(digest[(digest.IndexOf('@') + 1)..], pushed, StringComparison.Ordinal);
        var byDigest = await _client.InspectImageAsync(digest, Ct);
        Assert.NotNull(byDigest);
        Assert.Equal(pushedId, byDigest.Id);
    }

    [Fact]
    public async Task ListContainersByLabelAsync_KeyOrKeyValue_FindsExactlyTheLabelledContainers()
    {
        var key = "windflow.test.list-" + Unique();
        var alpha = await CreateLabelledAsync(new Dictionary<string, string> { [key] = "alpha" });
        var beta = await CreateLabelledAsync(new Dictionary<string, string> { [key] = "beta" });
        await CreateLabelledAsync(new Dictionary<string, string> { ["windflow.test.other"] = key });
        await _client.StartContainerAsync(beta, Ct);

        var byKey = await _client.ListContainersByLabelAsync(key, Ct);
        var byValue = await _client.ListContainersByLabelAsync(key + "=alpha", Ct);
        var none = await _client.ListContainersByLabelAsync(key + "=gamma", Ct);

        // Stopped (never started) containers are listed too.
        Assert.Equal(new[] { alpha, beta }.Order(StringComparer.Ordinal), byKey.Select(c => c.Id).Order(StringComparer.Ordinal));
        var only = Assert.Single(byValue);
        Assert.Equal(alpha, only.Id);
        Assert.Equal("created", only.State);
        Assert.Equal("alpha", only.Labels[key]);
        Assert.Empty(none);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in _containers)
        {
            await docker.RemoveContainerAsync(id);
        }

        foreach (var network in _networks)
        {
            await docker.DockerAsync(["network", "rm", network], throwOnFailure: false);
        }

        foreach (var volume in _volumes)
        {
            await docker.DockerAsync(["volume", "rm", "-f", volume], throwOnFailure: false);
        }

        foreach (var image in _images)
        {
            await docker.DockerAsync(["rmi", "-f", image], throwOnFailure: false);
        }

        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }

        _client.Dispose();
        _timeout.Dispose();
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    // Every container a test makes gets its name here, so cleanup finds it even when a call that
    // should have failed created one.
    private string NewName()
    {
        var name = "wf-create-" + Unique();
        _containers.Add(name);
        return name;
    }

    // 198.18.0.0/15 is reserved for benchmarking, so it cannot clash with a real network of the host;
    // a random /24 keeps two test runs on one machine apart.
    private static string TestSubnet() =>
        string.Create(CultureInfo.InvariantCulture, $"198.{18 + Random.Shared.Next(2)}.{Random.Shared.Next(256)}.0/24");

    private static string AddressIn(string subnet, int host) =>
        string.Create(CultureInfo.InvariantCulture, $"{subnet[..subnet.LastIndexOf('.')]}.{host}");

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static bool IsNullOrEmptyArray(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null || (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 0);

    private async Task<JsonDocument> InspectAsync(string id) => JsonDocument.Parse(await docker.DockerAsync(["inspect", id]));

    private async Task<bool> ContainerExistsAsync(string name)
    {
        var found = await docker.DockerAsync(["ps", "-a", "-q", "--no-trunc", "--filter", $"name=^/{name}$"]);
        return found.Trim().Length > 0;
    }

    private async Task<NetworkSummary> CreateNetworkAsync()
    {
        var name = "wf-create-net-" + Unique();
        _networks.Add(name);
        // Not internal: the engine publishes no ports for containers on internal networks.
        return await _client.CreateNetworkAsync(new NetworkCreate(name, Subnet: TestSubnet()), Ct);
    }

    private async Task<string> CreateVolumeAsync()
    {
        var name = "wf-create-vol-" + Unique();
        _volumes.Add(name);
        return (await _client.CreateVolumeAsync(new VolumeCreate(name), Ct)).Name;
    }

    private string CreateDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "wf-create-bind-" + Unique());
        Directory.CreateDirectory(path);
        _directories.Add(path);
        return path;
    }

    // An image with its own ENTRYPOINT and CMD, so clearing or keeping them is visible.
    private async Task<string> BuildEntrypointImageAsync()
    {
        var tag = "windflow-test/entrypoint-" + Unique() + ":1";
        _images.Add(tag);
        await docker.BuildImageAsync(tag, $"FROM {DockerEngine.TestImage}\nENTRYPOINT [\"echo\", \"ep\"]\nCMD [\"hello\"]\n");
        return tag;
    }

    private Task<string> CreateLabelledAsync(IReadOnlyDictionary<string, string> labels) =>
        _client.CreateContainerAsync(
            new ContainerCreateSpec { Name = NewName(), Image = DockerEngine.TestImage, NetworkMode = "none", Labels = labels, Command = ["sh", "-c", LongRunning] },
            Ct);
}
