using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Packaging;

/// <summary>The Docker Compose make targets run against a real engine with Debian's docker-compose (v1).</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MakeTargetTests(DockerEngine docker)
{
    [Fact]
    public async Task Status_WithEnabledExtensions_ListsThemAndTheProjectContainers()
    {
        using var env = await EnvFile.CreateAsync();
        var project = "wfmake" + Guid.NewGuid().ToString("N")[..8];
        await env.ExtensionsAsync(["set", "monitoring", "sso"]);
        await RewriteAsync(env, "COMPOSE_PROJECT_NAME", project);
        // A container of this compose project, as `make minimal` would have started it.
        var id = await docker.RunContainerAsync("sleep 300", extraArguments:
        [
            "--label", $"com.docker.compose.project={project}", "--label", "com.docker.compose.service=windflow",
            "--label", "com.docker.compose.container-number=1", "--label", "com.docker.compose.oneoff=False",
        ]);

        var result = await TestTools.RunCapturedAsync(
            "make", ["-s", "--no-print-directory", "status", $"ENV_FILE={env.Path}"], RepositoryPaths.Root,
            new Dictionary<string, string?> { ["DOCKER_HOST"] = docker.Endpoint });

        Assert.True(result.ExitCode == 0, $"make status failed: {result.Stderr}");
        Assert.Contains("Extensions: sso monitoring", result.Stdout);
        Assert.Contains((await docker.DockerAsync(["inspect", "-f", "{{.Name}}", id])).Trim().TrimStart('/'), result.Stdout);
    }

    private static async Task RewriteAsync(EnvFile env, string key, string value)
    {
        var lines = (await File.ReadAllLinesAsync(env.Path)).Select(line => line.StartsWith(key + "=", StringComparison.Ordinal) ? $"{key}={value}" : line);
        await File.WriteAllLinesAsync(env.Path, lines);
    }
}
