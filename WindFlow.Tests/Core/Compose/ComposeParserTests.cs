using WindFlow.Core.Compose;

namespace WindFlow.Tests.Core.Compose;

public sealed class ComposeParserTests
{
    private static ComposeService ParseService(string yaml, string name = "web")
    {
        var result = ComposeParser.Parse(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Project!.Services[name];
    }

    [Fact]
    public void Parse_MinimalFile_ReadsProjectAndService()
    {
        var result = ComposeParser.Parse("""
            name: shop
            version: "3.8"
            x-common: &common
              foo: bar
            services:
              web:
                image: nginx:1.25
                x-note: ignored
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        Assert.Equal("shop", result.Project!.Name);
        var web = Assert.Single(result.Project.Services).Value;
        Assert.Equal("web", web.Name);
        Assert.Equal("nginx:1.25", web.Image);
        Assert.Equal(new ComposeLocation(6, 3), web.Location);
    }

    [Fact]
    public void Parse_ScalarKeys_MapsEveryValue()
    {
        var web = ParseService("""
            services:
              web:
                image: app
                user: "1000:1000"
                working_dir: /app
                hostname: web1
                container_name: shop-web
                privileged: true
                read_only: true
                stop_signal: SIGINT
                stop_grace_period: 1m30s
                init: true
                tty: true
                stdin_open: true
                shm_size: 64m
                mem_limit: 1gb
                cpus: "0.5"
                restart: on-failure:3
                pull_policy: if_not_present
                pid: host
                ipc: host
                network_mode: host
                cap_add: [NET_ADMIN]
                cap_drop: [ALL]
                security_opt: ["no-new-privileges:true"]
                profiles: [debug]
                dns: 1.1.1.1
            """);

        Assert.Equal("1000:1000", web.User);
        Assert.Equal("/app", web.WorkingDir);
        Assert.Equal("web1", web.Hostname);
        Assert.Equal("shop-web", web.ContainerName);
        Assert.True(web.Privileged);
        Assert.True(web.ReadOnly);
        Assert.Equal("SIGINT", web.StopSignal);
        Assert.Equal(TimeSpan.FromSeconds(90), web.StopGracePeriod);
        Assert.True(web.Init);
        Assert.True(web.Tty);
        Assert.True(web.StdinOpen);
        Assert.Equal(64L * 1024 * 1024, web.ShmSizeBytes);
        Assert.Equal(1L << 30, web.MemLimitBytes);
        Assert.Equal(0.5, web.Cpus);
        Assert.Equal("on-failure:3", web.Restart);
        Assert.Equal("if_not_present", web.PullPolicy);
        Assert.Equal("host", web.Pid);
        Assert.Equal("host", web.Ipc);
        Assert.Equal("host", web.NetworkMode);
        Assert.Equal(["NET_ADMIN"], web.CapAdd);
        Assert.Equal(["ALL"], web.CapDrop);
        Assert.Equal(["no-new-privileges:true"], web.SecurityOpt);
        Assert.Equal(["debug"], web.Profiles);
        Assert.Equal(["1.1.1.1"], web.Dns);
        Assert.Equal(new ComposeLocation(8, 5), web.LocationOf("privileged"));
    }

    [Fact]
    public void Parse_CommandAndEntrypointStrings_SplitLikeAShell()
    {
        var web = ParseService("""
            services:
              web:
                image: app
                entrypoint: /bin/sh -c 'echo "hi there"; sleep 1'
                command: ["--port", "80"]
            """);

        Assert.Equal(["/bin/sh", "-c", "echo \"hi there\"; sleep 1"], web.Entrypoint);
        Assert.Equal(["--port", "80"], web.Command);
    }

    [Fact]
    public void Parse_EnvironmentMapAndList_ReadBoth()
    {
        var map = ParseService("""
            services:
              web:
                image: app
                environment:
                  A: "1"
                  B: x=y
                  C: ""
            """);
        var list = ParseService("""
            services:
              web:
                image: app
                environment:
                  - A=1
                  - B=x=y
                  - C=
            """);

        var expected = new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y", ["C"] = "" };
        Assert.Equal(expected, map.Environment);
        Assert.Equal(expected, list.Environment);
    }

    [Fact]
    public void Parse_PortShortSyntax_ReadsEveryForm()
    {
        var web = ParseService("""
            services:
              web:
                image: app
                ports:
                  - "80"
                  - "8080:80"
                  - "127.0.0.1:8081:81/udp"
                  - "127.0.0.1::82"
                  - "[::1]:8083:83"
                  - "8000-8001:9000-9001"
                  - 9090-9091:7070
            """);

        Assert.Equal(
            [
                (80, "", (string?)null, "tcp"),
                (80, "8080", null, "tcp"),
                (81, "8081", "127.0.0.1", "udp"),
                (82, "", "127.0.0.1", "tcp"),
                (83, "8083", "::1", "tcp"),
                (9000, "8000", null, "tcp"),
                (9001, "8001", null, "tcp"),
                (7070, "9090-9091", null, "tcp"),
            ],
            web.Ports.Select(p => (p.Target, p.Published, p.HostIp, p.Protocol)));
        Assert.Equal(new ComposeLocation(5, 9), web.Ports[0].Location);
    }

    [Fact]
    public void Parse_PortLongSyntax_ReadsEveryKey()
    {
        var web = ParseService("""
            services:
              web:
                image: app
                ports:
                  - target: 80
                    published: "8080"
                    host_ip: 127.0.0.1
                    protocol: udp
                  - target: 81
            """);

        Assert.Equal(
            [(80, "8080", (string?)"127.0.0.1", "udp"), (81, "", null, "tcp")],
            web.Ports.Select(p => (p.Target, p.Published, p.HostIp, p.Protocol)));
    }

    [Fact]
    public void Parse_VolumeShortSyntax_ReadsNamedBindAndAnonymous()
    {
        var web = ParseService("""
            services:
              web:
                image: app
                volumes:
                  - data:/var/lib/data
                  - /srv/windflow/conf:/etc/app:ro
                  - /cache
                  - logs:/logs:rw
            volumes:
              data:
              logs: {}
            """);

        Assert.Equal(
            [
                ("volume", (string?)"data", "/var/lib/data", false),
                ("bind", "/srv/windflow/conf", "/etc/app", true),
                ("volume", null, "/cache", false),
                ("volume", "logs", "/logs", false),
            ],
            web.Volumes.Select(m => (m.Type, m.Source, m.Target, m.ReadOnly)));
    }

    [Fact]
    public void Parse_VolumeLongSyntax_ReadsEveryKey()
    {
        var web = ParseService("""
            services:
              web:
                image: app
                volumes:
                  - type: volume
                    source: data
                    target: /data
                    read_only: true
                    volume:
                      nocopy: true
                  - type: bind
                    source: /srv/windflow/x
                    target: /x
                  - type: tmpfs
                    target: /tmp
                    tmpfs:
                      size: 10m
            volumes:
              data:
            """);

        Assert.Equal(
            [
                new ComposeMount("volume", "data", "/data", true, null, true, new ComposeLocation(5, 9)),
                new ComposeMount("bind", "/srv/windflow/x", "/x", false, null, false, new ComposeLocation(11, 9)),
                new ComposeMount("tmpfs", null, "/tmp", false, 10L * 1024 * 1024, false, new ComposeLocation(14, 9)),
            ],
            web.Volumes);
    }

    [Fact]
    public void Parse_NetworksListAndMap_ReadAliasesAndAddress()
    {
        var result = ComposeParser.Parse("""
            services:
              web:
                image: app
                networks: [front, back]
              api:
                image: app
                networks:
                  back:
                    aliases: [backend, api-internal]
                    ipv4_address: 10.5.0.7
                  front:
            networks:
              front:
              back:
                driver: bridge
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["front", "back"], result.Project!.Services["web"].Networks.Select(n => n.Name));
        var api = result.Project.Services["api"].Networks;
        Assert.Equal(["backend", "api-internal"], api[0].Aliases);
        Assert.Equal("10.5.0.7", api[0].Ipv4Address);
        Assert.Equal("front", api[1].Name);
        Assert.Empty(api[1].Aliases);
    }

    [Fact]
    public void Parse_DependsOnListAndMap_ReadConditions()
    {
        var result = ComposeParser.Parse("""
            services:
              db:
                image: postgres
              cache:
                image: redis
              migrate:
                image: app
              web:
                image: app
                depends_on:
                  db:
                    condition: service_healthy
                    restart: true
                  migrate:
                    condition: service_completed_successfully
                    required: false
                  cache:
              worker:
                image: app
                depends_on: [db]
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(
            [
                ("db", ComposeDependencyConditions.ServiceHealthy, true, true),
                ("migrate", ComposeDependencyConditions.ServiceCompletedSuccessfully, false, false),
                ("cache", ComposeDependencyConditions.ServiceStarted, false, true),
            ],
            result.Project!.Services["web"].DependsOn.Select(d => (d.Service, d.Condition, d.Restart, d.Required)));
        var worker = Assert.Single(result.Project.Services["worker"].DependsOn);
        Assert.Equal(("db", ComposeDependencyConditions.ServiceStarted), (worker.Service, worker.Condition));
    }

    [Fact]
    public void Parse_Healthcheck_ReadsTestAndDurations()
    {
        var web = ParseService("""
            services:
              web:
                image: app
                healthcheck:
                  test: wget -q --spider http://localhost/
                  interval: 10s
                  timeout: 500ms
                  start_period: 1h
                  start_interval: 2s
                  retries: 5
            """);
        var list = ParseService("""
            services:
              web:
                image: app
                healthcheck:
                  test: ["CMD", "true"]
                  disable: true
            """);

        Assert.Equal(
            new ComposeHealthcheck(null, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), TimeSpan.FromSeconds(2), 5, false),
            web.Healthcheck! with { Test = null });
        Assert.Equal(["CMD-SHELL", "wget -q --spider http://localhost/"], web.Healthcheck!.Test);
        Assert.Equal(["CMD", "true"], list.Healthcheck!.Test);
        Assert.True(list.Healthcheck.Disable);
    }

    [Fact]
    public void Parse_LabelsExtraHostsSysctlsUlimitsLogging_ReadMapAndListForms()
    {
        var map = ParseService("""
            services:
              web:
                image: app
                labels:
                  tier: front
                extra_hosts:
                  db.local: 10.0.0.2
                sysctls:
                  net.core.somaxconn: 1024
                ulimits:
                  nproc: 65535
                  nofile:
                    soft: 1024
                    hard: 2048
                logging:
                  driver: json-file
                  options:
                    max-size: 10m
            """);
        var list = ParseService("""
            services:
              web:
                image: app
                labels: ["tier=front"]
                extra_hosts: ["db.local:10.0.0.2", "ip6=::1"]
                sysctls: ["net.core.somaxconn=1024"]
                dns: [8.8.8.8, 1.1.1.1]
            """);

        Assert.Equal(new Dictionary<string, string> { ["tier"] = "front" }, map.Labels);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "front" }, list.Labels);
        Assert.Equal(["db.local:10.0.0.2"], map.ExtraHosts);
        Assert.Equal(["db.local:10.0.0.2", "ip6:::1"], list.ExtraHosts);
        Assert.Equal("1024", map.Sysctls["net.core.somaxconn"]);
        Assert.Equal("1024", list.Sysctls["net.core.somaxconn"]);
        Assert.Equal([new ComposeUlimit("nproc", 65535, 65535), new ComposeUlimit("nofile", 1024, 2048)], map.Ulimits);
        Assert.Equal("json-file", map.Logging!.Driver);
        Assert.Equal("10m", map.Logging.Options["max-size"]);
        Assert.Equal(["8.8.8.8", "1.1.1.1"], list.Dns);
    }

    [Fact]
    public void Parse_Deploy_ReadsReplicasAndResources()
    {
        var web = ParseService("""
            services:
              web:
                image: app
                deploy:
                  replicas: 3
                  resources:
                    limits:
                      cpus: "1.5"
                      memory: 512m
                    reservations:
                      memory: 2048k
            """);

        Assert.Equal(new ComposeDeploy(3, 1.5, 512L * 1024 * 1024, 2048L * 1024), web.Deploy);
    }

    [Fact]
    public void Parse_TopLevelNetworksAndVolumes_ReadEveryKey()
    {
        var result = ComposeParser.Parse("""
            services:
              web:
                image: app
            networks:
              back:
                driver: bridge
                driver_opts:
                  com.docker.network.bridge.name: br-back
                internal: true
                attachable: true
                labels:
                  team: ops
                ipam:
                  driver: default
                  config:
                    - subnet: 10.5.0.0/16
                      gateway: 10.5.0.1
              shared:
                external: true
                name: proxy
            volumes:
              data:
                driver: local
                driver_opts:
                  type: tmpfs
                labels: ["keep=yes"]
                name: shop-data
              old:
                external: true
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var back = result.Project!.Networks["back"];
        Assert.Equal("bridge", back.Driver);
        Assert.Equal("br-back", back.DriverOptions["com.docker.network.bridge.name"]);
        Assert.True(back.Internal);
        Assert.True(back.Attachable);
        Assert.Equal("ops", back.Labels["team"]);
        Assert.Equal("default", back.Ipam!.Driver);
        Assert.Equal([new ComposeIpamPool("10.5.0.0/16", "10.5.0.1")], back.Ipam.Config);
        Assert.Equal(new ComposeLocation(5, 3), back.Location);
        Assert.True(result.Project.Networks["shared"].External);
        Assert.Equal("proxy", result.Project.Networks["shared"].Name);
        var data = result.Project.Volumes["data"];
        Assert.Equal(("local", "shop-data", "tmpfs", "yes"), (data.Driver, data.Name, data.DriverOptions["type"], data.Labels["keep"]));
        Assert.True(result.Project.Volumes["old"].External);
    }

    [Fact]
    public void Parse_MergeKey_AppliesAnchoredSettings()
    {
        var web = ParseService("""
            x-base: &base
              image: app:1
              restart: always
            services:
              web:
                <<: *base
                user: nobody
            """);

        Assert.Equal(("app:1", "always", "nobody"), (web.Image, web.Restart, web.User));
    }
}
