using WindFlow.Core.Compose;
using WindFlow.Core.Targets;

namespace WindFlow.Tests.Core.Compose;

public sealed class ComposeContainerBuilderTests
{
    private static readonly Dictionary<string, string> NoLabels = [];

    private static ComposeProject Parse(string yaml)
    {
        var result = ComposeParser.Parse(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Project!;
    }

    [Fact]
    public void Build_PlainService_UsesComposeNamesDefaultNetworkAndLabels()
    {
        var project = Parse("""
            services:
              web:
                image: nginx
                labels:
                  tier: front
                  com.docker.compose.project: spoofed
            """);

        var spec = ComposeContainerBuilder.Build(project, "shop", "web", 2, new Dictionary<string, string> { ["windflow.revision"] = "7" });

        Assert.Equal("shop-web-2", spec.Name);
        Assert.Equal("nginx", spec.Image);
        Assert.Null(spec.NetworkMode);
        var network = Assert.Single(spec.Networks);
        Assert.Equal(("shop_default", (string?)null), (network.Name, network.Ipv4Address));
        Assert.Equal(["web"], network.Aliases);
        Assert.Equal("front", spec.Labels["tier"]);
        Assert.Equal("shop", spec.Labels[ComposeLabels.Project]);
        Assert.Equal("web", spec.Labels[ComposeLabels.Service]);
        Assert.Equal("2", spec.Labels[ComposeLabels.ContainerNumber]);
        Assert.Equal("False", spec.Labels[ComposeLabels.OneOff]);
        Assert.Equal("7", spec.Labels["windflow.revision"]);
        Assert.Equal(ComposeConfigHash.Compute(project, "shop", "web"), spec.Labels[ComposeLabels.ConfigHash]);
        Assert.Matches("^[0-9a-f]{64}$", spec.Labels[ComposeLabels.ConfigHash]);
    }

    [Fact]
    public void Build_FullService_MapsEveryValueToEngineTerms()
    {
        var project = Parse("""
            services:
              web:
                image: app
                container_name: fixed
                command: serve --port 80
                entrypoint: ["/init"]
                environment: {B: "2", A: "1"}
                user: nobody
                working_dir: /app
                hostname: h
                tty: true
                stdin_open: true
                stop_signal: SIGINT
                stop_grace_period: 1m
                restart: unless-stopped
                privileged: true
                read_only: true
                init: true
                cap_add: [NET_ADMIN]
                cap_drop: [ALL]
                security_opt: [no-new-privileges:true]
                extra_hosts: ["db:10.0.0.2"]
                dns: 1.1.1.1
                pid: host
                ipc: shareable
                logging:
                  options: {max-size: 10m}
                ulimits: {nofile: {soft: 1, hard: 2}}
                sysctls: {net.core.somaxconn: "1024"}
                shm_size: 1m
                mem_limit: 1g
                cpus: 0.5
                deploy:
                  resources:
                    limits: {memory: 512m}
                    reservations: {memory: 256m}
                healthcheck:
                  test: curl -f http://localhost
                  interval: 1m30s
                  timeout: 5s
                  start_period: 500ms
                  start_interval: 1s
                  retries: 3
                ports: ["127.0.0.1:8080:80/udp", "81"]
                volumes:
                  - data:/data:ro
                  - /srv/windflow/x:/x
                  - /anon
                  - type: tmpfs
                    target: /tmp
                    tmpfs: {size: 1k}
                  - type: volume
                    source: ext
                    target: /ext
                    volume: {nocopy: true}
                networks:
                  back:
                    aliases: [api]
                    ipv4_address: 10.5.0.9
                  shared:
            networks:
              back:
              shared:
                external: true
            volumes:
              data:
              ext:
                external: true
                name: legacy-data
            """);

        var spec = ComposeContainerBuilder.Build(project, "shop", "web", 1, NoLabels);

        Assert.Equal("fixed", spec.Name);
        Assert.Equal(["serve", "--port", "80"], spec.Command);
        Assert.Equal(["/init"], spec.Entrypoint);
        Assert.Equal(["A=1", "B=2"], spec.Environment);
        Assert.Equal(("nobody", "/app", "h", true, true), (spec.User, spec.WorkingDir, spec.Hostname, spec.Tty, spec.OpenStdin));
        Assert.Equal(("SIGINT", TimeSpan.FromMinutes(1), "unless-stopped"), (spec.StopSignal, spec.StopTimeout, spec.RestartPolicy));
        Assert.Equal((true, true, (bool?)true), (spec.Privileged, spec.ReadOnlyRootFilesystem, spec.Init));
        Assert.Equal(["NET_ADMIN"], spec.CapAdd);
        Assert.Equal(["ALL"], spec.CapDrop);
        Assert.Equal(["no-new-privileges:true"], spec.SecurityOpt);
        Assert.Equal(["db:10.0.0.2"], spec.ExtraHosts);
        Assert.Equal(["1.1.1.1"], spec.Dns);
        Assert.Equal(("host", "shareable"), (spec.PidMode, spec.IpcMode));
        Assert.Equal("json-file", spec.Logging!.Driver);
        Assert.Equal("10m", spec.Logging.Options["max-size"]);
        Assert.Equal([new UlimitSpec("nofile", 1, 2)], spec.Ulimits);
        Assert.Equal("1024", spec.Sysctls["net.core.somaxconn"]);
        Assert.Equal(1024L * 1024, spec.ShmSizeBytes);
        Assert.Equal(512L << 20, spec.MemoryBytes);
        Assert.Equal(256L << 20, spec.MemoryReservationBytes);
        Assert.Equal(500_000_000L, spec.NanoCpus);
        var check = spec.Healthcheck!;
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost"], check.Test);
        Assert.Equal(
            (TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), (int?)3),
            (check.Interval, check.Timeout, check.StartPeriod, check.StartInterval, check.Retries));
        Assert.Equal([new PortBindingSpec(80, "udp", "127.0.0.1", "8080"), new PortBindingSpec(81, "tcp", null, "")], spec.Ports);
        Assert.Equal(
            [
                new MountSpec("volume", "shop_data", "/data", ReadOnly: true),
                new MountSpec("bind", "/srv/windflow/x", "/x"),
                new MountSpec("volume", null, "/anon"),
                new MountSpec("tmpfs", null, "/tmp", TmpfsSizeBytes: 1024),
                new MountSpec("volume", "legacy-data", "/ext", NoCopy: true),
            ],
            spec.Mounts);
        Assert.Equal(
            [("shop_back", "web,api", (string?)"10.5.0.9"), ("shared", "web", null)],
            spec.Networks.Select(n => (n.Name, string.Join(',', n.Aliases), n.Ipv4Address)));
    }

    [Fact]
    public void Build_LimitsWinOverServiceLevelValues()
    {
        var project = Parse("""
            services:
              web:
                image: app
                mem_limit: 1g
                cpus: 2
                deploy:
                  resources:
                    limits: {memory: 256m, cpus: "0.25"}
              api:
                image: app
                mem_limit: 1g
                cpus: 2
            """);

        var web = ComposeContainerBuilder.Build(project, "p", "web", 1, NoLabels);
        var api = ComposeContainerBuilder.Build(project, "p", "api", 1, NoLabels);

        Assert.Equal((256L << 20, 250_000_000L), (web.MemoryBytes!.Value, web.NanoCpus!.Value));
        Assert.Equal((1L << 30, 2_000_000_000L), (api.MemoryBytes!.Value, api.NanoCpus!.Value));
    }

    [Theory]
    [InlineData("network_mode: host", "host")]
    [InlineData("network_mode: none", "none")]
    [InlineData("network_mode: service:db", "container:p-db-1")]
    public void Build_NetworkMode_AttachesNoNetwork(string keys, string mode)
    {
        var project = Parse($"services:\n  db:\n    image: db\n  web:\n    image: app\n    {keys}\n");

        var spec = ComposeContainerBuilder.Build(project, "p", "web", 1, NoLabels);

        Assert.Equal(mode, spec.NetworkMode);
        Assert.Empty(spec.Networks);
    }

    [Fact]
    public void Build_DisabledHealthcheck_SendsNone()
    {
        var project = Parse("services:\n  web:\n    image: app\n    healthcheck:\n      disable: true\n");

        Assert.Equal(["NONE"], ComposeContainerBuilder.Build(project, "p", "web", 1, NoLabels).Healthcheck!.Test);
    }

    [Fact]
    public void Build_UnknownService_Throws()
    {
        var project = Parse("services:\n  web:\n    image: app\n");

        Assert.Throws<ArgumentException>(() => ComposeContainerBuilder.Build(project, "p", "nope", 1, NoLabels));
    }

    [Fact]
    public void Networks_Project_DeclaredPlusImplicitDefaultWhenUsed()
    {
        var project = Parse("""
            services:
              web:
                image: app
                networks: [back]
              worker:
                image: app
            networks:
              back:
                driver: bridge
                internal: true
                attachable: true
                labels: {team: ops}
                ipam:
                  config: [{subnet: 10.5.0.0/16}]
              proxy:
                external: true
              named:
                name: custom-net
            """);

        var networks = ComposeContainerBuilder.Networks(project, "shop");

        Assert.Equal(
            [("back", "shop_back", false), ("proxy", "proxy", true), ("named", "custom-net", false), ("default", "shop_default", false)],
            networks.Select(n => (n.Key, n.EngineName, n.External)));
        var back = networks[0].Create!;
        Assert.Equal(("shop_back", "bridge", true, true, "10.5.0.0/16"), (back.Name, back.Driver, back.Internal, back.Attachable, back.Subnet));
        Assert.Equal(
            new Dictionary<string, string> { [ComposeLabels.Network] = "back", [ComposeLabels.Project] = "shop", ["team"] = "ops" },
            back.Labels);
        Assert.Null(networks[1].Create);
        Assert.Equal(new Dictionary<string, string> { [ComposeLabels.Network] = "default", [ComposeLabels.Project] = "shop" }, networks[3].Create!.Labels);
    }

    [Fact]
    public void Networks_NoServiceUsesDefault_LeavesItOut()
    {
        var project = Parse("services:\n  web:\n    image: app\n    network_mode: host\n");

        Assert.Empty(ComposeContainerBuilder.Networks(project, "shop"));
    }

    [Fact]
    public void Volumes_Project_NamesAndLabelsThem()
    {
        var project = Parse("""
            services:
              web:
                image: app
            volumes:
              data:
                driver: local
                driver_opts: {type: tmpfs, device: tmpfs}
              legacy:
                external: true
              custom:
                name: my-volume
            """);

        var volumes = ComposeContainerBuilder.Volumes(project, "shop");

        Assert.Equal(
            [("data", "shop_data", false), ("legacy", "legacy", true), ("custom", "my-volume", false)],
            volumes.Select(v => (v.Key, v.EngineName, v.External)));
        var data = volumes[0].Create!;
        Assert.Equal(("shop_data", "local"), (data.Name, data.Driver));
        Assert.Equal(new Dictionary<string, string> { [ComposeLabels.Project] = "shop", [ComposeLabels.Volume] = "data" }, data.Labels);
        Assert.Equal("tmpfs", data.DriverOptions!["device"]);
        Assert.Null(volumes[1].Create);
    }
}
