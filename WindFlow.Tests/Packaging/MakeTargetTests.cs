using System.Globalization;
using WindFlow.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Tests.Packaging;

/// <summary>
/// The Docker Compose make targets run against a real engine with Debian's docker-compose (v1). The
/// upstream images (Traefik, PostgreSQL, Keycloak, ...) cannot be pulled here, so their names are given
/// to busybox stand-ins that only stay up; what is tested is the orchestration: which containers the
/// targets start, in which order, what they remove and what they keep.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MakeTargetTests(DockerEngine docker)
{
    private const string StandIn = "windflow-test/stand-in:latest";
    private const string WindFlowStandIn = "windflow-test/stand-in-windflow:latest";

    [Fact]
    public async Task EnableWorkersThenDisableDatabase_StartsPostgresFirstAndRemovesWhatIsDisabled()
    {
        using var env = await ProjectEnvAsync();
        await TagStandInsAsync(env);
        try
        {
            await MakeAsync(env, "enable-workers");

            var running = await ContainersAsync(env);
            Assert.Equal(["postgres", "traefik", "windflow", "windflow-worker"], running.Keys.Order());
            // PostgreSQL first and healthy, then WindFlow (it checks its database once at start-up).
            Assert.True(running["postgres"] < running["windflow"], "postgres started before windflow");
            Assert.Equal("database,workers", env.Read()["COMPOSE_PROFILES"]);

            await MakeAsync(env, "disable-database");

            Assert.Equal(["traefik", "windflow"], (await ContainersAsync(env)).Keys.Order());
            Assert.Equal("sqlite", env.Read()["WINDFLOW_DATABASE_PROVIDER"]);
            // The PostgreSQL data stays for a later enable-database.
            Assert.Contains($"{env.Read()["COMPOSE_PROJECT_NAME"]}_postgres-data", await docker.DockerAsync(["volume", "ls", "-q"]));

            var status = await MakeAsync(env, "status");
            Assert.Contains("Extensions: none (minimal core)", status);
            Assert.Contains($"{env.Read()["COMPOSE_PROJECT_NAME"]}_windflow_1", status);
        }
        finally
        {
            await MakeAsync(env, "down", throwOnFailure: false);
            var project = env.Read()["COMPOSE_PROJECT_NAME"];
            foreach (var volume in (await docker.DockerAsync(["volume", "ls", "-q", "--filter", $"label=com.docker.compose.project={project}"])).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await docker.DockerAsync(["volume", "rm", volume], throwOnFailure: false);
            }
        }
    }

    /// <summary>A .env for a project of its own on the engine under test, on free loopback ports.</summary>
    private async Task<EnvFile> ProjectEnvAsync()
    {
        var env = EnvFile.Empty();
        await File.WriteAllLinesAsync(env.Path,
        [
            $"COMPOSE_PROJECT_NAME=wfmake{Guid.NewGuid().ToString("N")[..8]}",
            $"WINDFLOW_IMAGE={WindFlowStandIn}",
            $"DOCKER_SOCKET={docker.SocketPath}",
            $"WINDFLOW_HTTP_PORT={TestTools.FreePort()}",
            $"TRAEFIK_DASHBOARD_PORT={TestTools.FreePort()}",
            $"POSTGRES_PORT={TestTools.FreePort()}",
            $"PROMETHEUS_PORT={TestTools.FreePort()}",
        ]);
        await env.GenerateAsync();
        return env;
    }

    /// <summary>Every image docker-compose.yml names becomes a stand-in that stays up; PostgreSQL's health check passes.</summary>
    private async Task TagStandInsAsync(EnvFile env)
    {
        await docker.BuildImageAsync(StandIn, $"""
            FROM {DockerEngine.TestImage}
            RUN printf '#!/bin/sh\nexit 0\n' > /bin/pg_isready && chmod +x /bin/pg_isready
            ENTRYPOINT ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done", "stand-in"]
            """);
        await docker.BuildImageAsync(WindFlowStandIn, $"FROM {StandIn}\nHEALTHCHECK --interval=1s CMD true\n");

        var config = await docker.ComposeAsync(["--project-directory", RepositoryPaths.Root, "-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), "--env-file", env.Path, "config"]);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(config));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        foreach (var image in services.Children.Values.Select(s => ((YamlScalarNode)((YamlMappingNode)s)["image"]).Value!).Distinct().Where(i => i != WindFlowStandIn))
        {
            await docker.DockerAsync(["tag", StandIn, image]);
        }
    }

    /// <summary>The project's running containers by service, with their start times.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> ContainersAsync(EnvFile env)
    {
        var lines = await docker.DockerAsync([
            "ps", "--filter", $"label=com.docker.compose.project={env.Read()["COMPOSE_PROJECT_NAME"]}",
            "--format", "{{.ID}}",
        ]);
        var result = new Dictionary<string, DateTimeOffset>();
        foreach (var id in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = (await docker.DockerAsync(["inspect", "-f", "{{index .Config.Labels \"com.docker.compose.service\"}} {{.State.StartedAt}}", id])).Trim().Split(' ');
            result[fields[0]] = DateTimeOffset.Parse(fields[1], CultureInfo.InvariantCulture);
        }

        return result;
    }

    private async Task<string> MakeAsync(EnvFile env, string target, bool throwOnFailure = true)
    {
        var result = await TestTools.RunCapturedAsync(
            "make", ["-s", "--no-print-directory", target, $"ENV_FILE={env.Path}"], RepositoryPaths.Root,
            new Dictionary<string, string?> { ["DOCKER_HOST"] = docker.Endpoint, ["COMPOSE"] = "docker-compose" },
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0 || !throwOnFailure, $"make {target} failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
        return result.Stdout;
    }
}
