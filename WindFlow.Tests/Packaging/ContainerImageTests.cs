using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using WindFlow.Tests.TestSupport;
using Xunit.Abstractions;

namespace WindFlow.Tests.Packaging;

/// <summary>
/// The repository's Dockerfile, built by a real engine on base images made here from Debian packages
/// and the host's .NET (no registry image can be pulled), then run the way docker-compose.yml runs it.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ContainerImageTests(DockerEngine docker, ITestOutputHelper output)
{
    private const string Image = "windflow-test/windflow:dockerfile";
    private const string AppUid = "1654";
    private static readonly TimeSpan ImageBuildTimeout = TimeSpan.FromMinutes(20);
    private static readonly Dictionary<string, Task> Builds = [];
    private static readonly Lock BuildsLock = new();

    [Fact]
    public async Task Dockerfile_BuiltOnLocalBases_DeclaresNonRootUserDataVolumeAndHealthCheck()
    {
        await EnsureImageAsync();

        using var inspect = JsonDocument.Parse(await docker.DockerAsync(["image", "inspect", Image]));
        var config = inspect.RootElement[0].GetProperty("Config");
        Assert.Equal($"{AppUid}:{AppUid}", config.GetProperty("User").GetString());
        Assert.True(config.GetProperty("Volumes").TryGetProperty("/data", out _), "the image declares /data as a volume");
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _), "the image exposes 8080");
        Assert.Equal(["CMD", "dotnet", "/app/WindFlow.Web.dll", "healthcheck"], config.GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(e => e.GetString()));
        var environment = config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("WINDFLOW_DATA_DIR=/data", environment);
        Assert.Contains("WINDFLOW_URLS=http://+:8080", environment);
    }

    [Fact]
    public async Task Dockerfile_ImageRunHardened_AnswersHealthRunsAsAppUserAndKeepsDataInVolume()
    {
        await EnsureImageAsync();
        var port = TestTools.FreePort();
        var volume = "wf-test-data-" + Guid.NewGuid().ToString("N")[..8];
        var name = "wf-test-image-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "container-admin-password";
        await docker.DockerAsync(["volume", "create", volume]);
        try
        {
            // The same restrictions docker-compose.yml puts on WindFlow; host networking keeps test traffic on loopback.
            await docker.DockerAsync([
                "run", "-d", "--name", name, "--network", "host",
                "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true",
                "--health-interval", "2s", "--health-start-period", "60s",
                "-e", $"WINDFLOW_URLS=http://127.0.0.1:{port}",
                "-e", "WINDFLOW_ADMIN_USER=admin", "-e", $"WINDFLOW_ADMIN_PASSWORD={password}",
                "-v", $"{volume}:/data",
                Image,
            ]);

            var started = Stopwatch.StartNew();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await WaitForAsync(name, async () => (await TryGetStatusAsync(http, "/api/health")) == HttpStatusCode.OK, "/api/health to answer 200");
            output.WriteLine($"Container start to /api/health 200: {started.ElapsedMilliseconds} ms (fresh volume: database created and migrated).");
            Assert.Equal(HttpStatusCode.OK, await TryGetStatusAsync(http, "/api/ready"));

            // The administrator from the environment was written to the database and can sign in.
            using var token = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password });
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);

            // The front-end bundle comes from the Dockerfile's Node stage.
            using var bundle = await http.GetAsync("/js/dist/yaml-editor.js");
            Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
            Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 10_000, "the bundled editor script is served");

            // The image's own HEALTHCHECK (WindFlow probing itself) turns the container healthy.
            await WaitForAsync(name, async () => await HealthAsync(name) == "healthy", "the container's health check to report healthy");

            var status = await docker.DockerAsync(["exec", name, "cat", "/proc/1/status"]);
            Assert.Matches($@"(?m)^Uid:\s+{AppUid}\s+{AppUid}\s", status);
            Assert.Matches(@"(?m)^CapEff:\s+0+$", status);
            output.WriteLine($"Resident memory after start, one sign-in and the bundle: {Regex.Match(status, @"(?m)^VmRSS:\s+(.*)$").Groups[1].Value}.");

            // The SQLite database is in the named volume, owned by the app user.
            var listing = await docker.DockerAsync(["run", "--rm", "--network", "none", "-v", $"{volume}:/data", DockerEngine.TestImage, "ls", "-ln", "/data"]);
            Assert.Matches($@"(?m)^-\S+\s+\d+\s+{AppUid}\s+{AppUid}\s.*\swindflow\.db$", listing);
        }
        finally
        {
            await docker.DockerAsync(["rm", "-f", name], throwOnFailure: false);
            await docker.DockerAsync(["volume", "rm", "-f", volume], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task ComposeService_MinimalCoreEnv_StartsAsAppUserAndManagesTheEngineThroughTheSocket()
    {
        await EnsureImageAsync();
        var project = "wfcompose" + Guid.NewGuid().ToString("N")[..8];
        using var env = EnvFile.Empty();
        // The engine under test stands in for /var/run/docker.sock; gen-env.sh takes its group from it.
        await File.WriteAllTextAsync(env.Path, $"COMPOSE_PROJECT_NAME={project}\nWINDFLOW_IMAGE={Image}\nDOCKER_SOCKET={docker.SocketPath}\n");
        await env.GenerateAsync();
        await env.ExtensionsAsync(["set"]);
        string[] compose = ["--project-directory", RepositoryPaths.Root, "-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), "--env-file", env.Path];
        try
        {
            // Only WindFlow: Traefik's image cannot be pulled here. Nothing reaches it from the host.
            await docker.ComposeAsync([.. compose, "up", "-d", "--no-deps", "--no-build", "windflow"]);
            var id = (await docker.ComposeAsync([.. compose, "ps", "-q", "windflow"])).Trim();

            await WaitForAsync(id, async () => (await docker.DockerAsync(["logs", id])).Contains("Now listening on", StringComparison.Ordinal), "WindFlow to listen");
            var logs = await docker.DockerAsync(["logs", id]);
            Assert.Contains("Registered the local Docker engine", logs);
            Assert.DoesNotContain("No administrator exists yet", logs, StringComparison.Ordinal);
            var identity = await docker.DockerAsync(["exec", id, "id"]);
            Assert.Contains($"uid={AppUid} gid={AppUid} groups={AppUid},{env.Read()["DOCKER_GID"]}", identity);
            // The image's health probe, with the URLs and settings the compose file gives the container.
            Assert.Equal("", await docker.DockerAsync(["exec", id, "dotnet", "/app/WindFlow.Web.dll", "healthcheck"]));
        }
        finally
        {
            await docker.ComposeAsync([.. compose, "down", "-v", "-t", "1"], throwOnFailure: false);
        }
    }

    /// <summary>Builds the image once per engine for the tests of this class.</summary>
    private Task EnsureImageAsync()
    {
        lock (BuildsLock)
        {
            if (!Builds.TryGetValue(docker.Endpoint, out var build) || build.IsFaulted || build.IsCanceled)
            {
                build = BuildImageAsync();
                Builds[docker.Endpoint] = build;
            }

            return build;
        }
    }

    private async Task BuildImageAsync()
    {
        var clock = Stopwatch.StartNew();
        await LocalBaseImages.EnsureAsync(docker);
        output.WriteLine($"Base images ready after {clock.Elapsed.TotalSeconds:0} s.");
        // Host networking lets npm and NuGet in the build reach their registries through the host's resolver.
        // ReadyToRun is off here: it only adds crossgen time to the same `dotnet publish` that `make test`
        // already runs with it, and the image's wiring is what this test is about.
        List<string> arguments =
        [
            "build", "--network", "host", "-t", Image,
            "--build-arg", $"NODE_IMAGE={LocalBaseImages.Sdk}",
            "--build-arg", $"SDK_IMAGE={LocalBaseImages.Sdk}",
            "--build-arg", $"RUNTIME_IMAGE={LocalBaseImages.Runtime}",
            "--build-arg", "READY_TO_RUN=false",
        ];
        foreach (var proxy in new[] { "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy" })
        {
            if (Environment.GetEnvironmentVariable(proxy) is { Length: > 0 } value)
            {
                arguments.AddRange(["--build-arg", $"{proxy}={value}"]);
            }
        }

        arguments.Add(RepositoryPaths.Root);
        await docker.DockerAsync(arguments, timeout: ImageBuildTimeout);
        output.WriteLine($"Base images and WindFlow image built in {clock.Elapsed.TotalSeconds:0} s.");
        var size = long.Parse((await docker.DockerAsync(["image", "inspect", "-f", "{{.Size}}", Image])).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"Image size: {size / 1e6:0} MB (on the locally made runtime base).");
    }

    private async Task<string?> HealthAsync(string container) =>
        (await docker.DockerAsync(["inspect", "-f", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", container])).Trim();

    private static async Task<HttpStatusCode?> TryGetStatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private async Task WaitForAsync(string container, Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (await condition())
            {
                return;
            }

            var state = (await docker.DockerAsync(["inspect", "-f", "{{.State.Status}}", container])).Trim();
            if (state is "exited" or "dead")
            {
                break;
            }

            await Task.Delay(500);
        }

        var logs = await docker.DockerAsync(["logs", "--tail", "40", container], throwOnFailure: false);
        Assert.Fail($"Waited {clock.Elapsed.TotalSeconds:0} s for {what}. Container log tail:\n{logs}");
    }
}
