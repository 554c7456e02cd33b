using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web.Deployments;

/// <summary>
/// The same compose file deployed by WindFlow and by Debian's docker-compose (v1, the reference
/// implementation) gives equivalent containers, compared field by field from <c>docker inspect</c>.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ComposeCompatibilityTests(DockerEngine docker) : EngineApiTestBase(docker, "compat")
{
    private const string ComposeFile = """
        services:
          web:
            image: windflow-test/busybox:latest
            network_mode: host
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
            entrypoint: ["/bin/sh", "-c", "exec \"$$@\"", "--"]
            environment:
              MODE: production
              GREETING: "hello world"
            labels:
              team: platform
            restart: unless-stopped
            user: "1000:1000"
            working_dir: /tmp
            stop_signal: SIGINT
            stop_grace_period: 3s
            read_only: true
            init: true
            cap_drop: [NET_RAW]
            volumes:
              - data:/data
              - type: tmpfs
                target: /scratch
            healthcheck:
              test: ["CMD-SHELL", "test -d /data"]
              interval: 2s
              timeout: 1s
              retries: 3
              start_period: 1s
          job:
            image: windflow-test/busybox:latest
            network_mode: host
            command: echo done
            restart: "no"
        volumes:
          data: {}
        """;

    [Fact]
    public async Task Deploy_SameFileAsDockerComposeV1_GivesEquivalentContainers()
    {
        var ours = "wfc" + Guid.NewGuid().ToString("N")[..8];
        var theirs = "dcc" + Guid.NewGuid().ToString("N")[..8];
        var directory = Directory.CreateTempSubdirectory("windflow-compat-");
        var file = Path.Combine(directory.FullName, "docker-compose.yml");
        await File.WriteAllTextAsync(file, ComposeFile);
        try
        {
            var stack = await CreateStackAsync(Client, ComposeFile, new Dictionary<string, object>());
            var (_, run) = await DeployAsync(Client, stack, Target, ours, new Dictionary<string, object>());
            await WaitForSuccessAsync(Client, run);
            await Docker.ComposeAsync(["-p", theirs, "-f", file, "up", "-d"]);

            foreach (var service in new[] { "web", "job" })
            {
                var mine = await InspectServiceAsync(ours, service);
                var reference = await InspectServiceAsync(theirs, service);
                Assert.Equal(Comparable(reference, theirs), Comparable(mine, ours));
            }
        }
        finally
        {
            await Docker.ComposeAsync(["-p", theirs, "-f", file, "down", "-v", "-t", "1"], throwOnFailure: false);
            foreach (var id in (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={ours}"], throwOnFailure: false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await Docker.RemoveContainerAsync(id);
            }

            await Docker.DockerAsync(["volume", "rm", "-f", $"{ours}_data"], throwOnFailure: false);
            directory.Delete(recursive: true);
        }
    }

    private async Task<JsonElement> InspectServiceAsync(string project, string service)
    {
        var id = (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}", "--filter", $"label=com.docker.compose.service={service}"])).Trim();
        Assert.False(string.IsNullOrEmpty(id), $"{project} has no {service} container");
        using var document = JsonDocument.Parse(await Docker.DockerAsync(["inspect", id]));
        return document.RootElement[0].Clone();
    }

    // The fields the issue names (image, command, env, mounts, restart policy, healthcheck, compose
    // labels) plus the other settings of the file, with the project name replaced so both compare.
    private static string Comparable(JsonElement container, string project)
    {
        var config = container.GetProperty("Config");
        var host = container.GetProperty("HostConfig");
        var labels = config.GetProperty("Labels").EnumerateObject()
            .Where(l => l.Name is "com.docker.compose.project" or "com.docker.compose.service" or "com.docker.compose.container-number" or "com.docker.compose.oneoff" or "team")
            .ToDictionary(l => l.Name, l => l.Value.GetString()!.Replace(project, "P", StringComparison.Ordinal));
        var mounts = container.GetProperty("Mounts").EnumerateArray()
            .Select(m => $"{m.GetProperty("Type").GetString()} {(m.TryGetProperty("Name", out var n) ? n.GetString()!.Replace(project, "P", StringComparison.Ordinal) : "")} {m.GetProperty("Destination").GetString()} rw={m.GetProperty("RW").GetBoolean()}")
            .Order()
            .ToList();
        var shape = new
        {
            Image = config.GetProperty("Image").GetString(),
            Cmd = config.GetProperty("Cmd").ToString(),
            Entrypoint = config.GetProperty("Entrypoint").ToString(),
            Env = config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).Order().ToList(),
            User = config.GetProperty("User").GetString(),
            WorkingDir = config.GetProperty("WorkingDir").GetString(),
            StopSignal = config.TryGetProperty("StopSignal", out var signal) ? signal.GetString() : null,
            StopTimeout = config.TryGetProperty("StopTimeout", out var timeout) ? timeout.GetInt32() : (int?)null,
            Healthcheck = config.TryGetProperty("Healthcheck", out var health) ? health.ToString() : null,
            Labels = labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}").ToList(),
            Restart = host.GetProperty("RestartPolicy").ToString(),
            NetworkMode = host.GetProperty("NetworkMode").GetString(),
            ReadOnly = host.GetProperty("ReadonlyRootfs").GetBoolean(),
            Init = host.TryGetProperty("Init", out var init) && init.ValueKind == JsonValueKind.True,
            CapDrop = host.GetProperty("CapDrop").ToString(),
            Tmpfs = host.TryGetProperty("Tmpfs", out var tmpfs) ? tmpfs.ToString() : null,
            Mounts = mounts,
        };
        return JsonSerializer.Serialize(shape, new JsonSerializerOptions { WriteIndented = true });
    }
}
