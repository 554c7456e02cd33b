using System.Net;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web.Deployments;

/// <summary>Deploy, update, roll back and remove stacks on the real engine of the "docker" collection.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DeploymentApiTests(DockerEngine docker) : EngineApiTestBase(docker, "dep")
{
    // Three services on the host network: web waits for db's health check; worker is independent.
    internal const string ThreeServices = """
        services:
          db:
            image: windflow-test/busybox:latest
            network_mode: host
            command: ["sh", "-c", "mkdir -p /www && echo db > /www/index.html && exec httpd -f -p 127.0.0.1:{{DB_PORT}} -h /www"]
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:{{DB_PORT}}/"]
              interval: 1s
              timeout: 2s
              retries: 60
          web:
            image: windflow-test/busybox:latest
            network_mode: host
            depends_on:
              db:
                condition: service_healthy
            environment:
              MESSAGE: "{{MESSAGE}}"
            command: ["sh", "-c", "mkdir -p /www && echo web > /www/index.html && exec httpd -f -p 127.0.0.1:{{WEB_PORT}} -h /www"]
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:{{WEB_PORT}}{{HEALTH_PATH}}"]
              interval: 1s
              timeout: 2s
              retries: 60
          worker:
            image: windflow-test/busybox:latest
            network_mode: host
            stop_grace_period: 1s
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
        """;

    // Dictionaries, not anonymous objects: the API client's JSON options would camel-case property names.
    internal static readonly Dictionary<string, object> ThreeServiceVariables = new()
    {
        ["DB_PORT"] = new { type = "integer", @default = 8081, min = 1, max = 65535 },
        ["WEB_PORT"] = new { type = "integer", @default = 8082, min = 1, max = 65535 },
        ["MESSAGE"] = new { type = "string", @default = "hello" },
        ["HEALTH_PATH"] = new { type = "string", @default = "/" },
    };

    protected override WindFlowAppFactory CreateApp() => new()
    {
        // Short, so the failing update below reaches its timeout quickly; healthy services pass in ~1-2 s.
        Settings = new Dictionary<string, string> { ["Deployments:HealthTimeout"] = "00:00:20" },
    };

    [Fact]
    public async Task Lifecycle_DeployUpdateFailRollBackRemove_EachStepHasTheExpectedContainers()
    {
        var stack = await CreateStackAsync(Client, ThreeServices, ThreeServiceVariables);
        var name = "wf" + Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?> { ["DB_PORT"] = TestTools.FreePort().ToString(), ["WEB_PORT"] = TestTools.FreePort().ToString(), ["MESSAGE"] = "first" };
        try
        {
            // 1. Deploy: every service runs, the health-checked ones are healthy, web started after db was healthy.
            var (id, run) = await DeployAsync(Client, stack, Target, name, values);
            var deployed = await WaitForSuccessAsync(Client, run);
            Assert.Equal(1, deployed.GetProperty("revision").GetInt32());
            var first = await GetDeploymentAsync(Client, id);
            Assert.Equal("running", first.GetProperty("status").GetString());
            var ids1 = ContainerIds(first);
            Assert.Equal(["db", "web", "worker"], ids1.Keys.Order());
            Assert.All(ids1.Values, c => Assert.Single(c));
            Assert.Equal("healthy", await InspectAsync(ids1["db"][0], "{{.State.Health.Status}}"));
            Assert.Equal("healthy", await InspectAsync(ids1["web"][0], "{{.State.Health.Status}}"));
            // The engine runs the first check one interval (1 s) after start: a web that did not wait would start within milliseconds of db.
            var dbStartedAt = JsonSerializer.Deserialize<DateTimeOffset>(await InspectAsync(ids1["db"][0], "{{json .State.StartedAt}}"));
            var webStartedAt = JsonSerializer.Deserialize<DateTimeOffset>(await InspectAsync(ids1["web"][0], "{{json .State.StartedAt}}"));
            Assert.True(webStartedAt - dbStartedAt >= TimeSpan.FromSeconds(1), $"web started at {webStartedAt:O}, db at {dbStartedAt:O}: web did not wait for db's health check");
            Assert.Equal(name, await InspectAsync(ids1["web"][0], "{{index .Config.Labels \"com.docker.compose.project\"}}"));
            Assert.Equal(id, await InspectAsync(ids1["web"][0], "{{index .Config.Labels \"windflow.deployment\"}}"));

            // 2. Update MESSAGE (used by web only): the plan says so, and only web is recreated.
            var changed = new Dictionary<string, string?>(values) { ["MESSAGE"] = "second" };
            using (var planResponse = await Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/plan", new { values = changed }))
            {
                var plan = (await AssertJsonAsync(planResponse, HttpStatusCode.OK)).EnumerateArray().ToDictionary(p => p.GetProperty("service").GetString()!, p => p.GetProperty("action").GetString());
                Assert.Equal(new Dictionary<string, string?> { ["db"] = "unchanged", ["web"] = "recreate", ["worker"] = "unchanged" }, plan);
            }

            await WaitForSuccessAsync(Client, await ActAsync(Client, HttpMethod.Put, $"/api/v1/deployments/{id}", new { values = changed }));
            var ids2 = ContainerIds(await GetDeploymentAsync(Client, id));
            Assert.Equal(ids1["db"], ids2["db"]);
            Assert.Equal(ids1["worker"], ids2["worker"]);
            Assert.NotEqual(ids1["web"], ids2["web"]);
            Assert.Contains("MESSAGE=second", await InspectAsync(ids2["web"][0], "{{json .Config.Env}}"), StringComparison.Ordinal);

            // 3. An update whose health check never passes is rolled back by itself to revision 2.
            var failing = await WaitForRunAsync(Client, await ActAsync(Client, HttpMethod.Put, $"/api/v1/deployments/{id}", new { values = new Dictionary<string, string?>(changed) { ["HEALTH_PATH"] = "/missing" } }));
            Assert.Equal("failed", failing.GetProperty("status").GetString());
            Assert.Contains("Rolled back to revision 2", failing.GetProperty("error").GetString(), StringComparison.Ordinal);
            var afterFailure = await GetDeploymentAsync(Client, id);
            Assert.Equal("running", afterFailure.GetProperty("status").GetString());
            Assert.Equal(3, afterFailure.GetProperty("revision").GetInt32());
            // Revision 2 left HEALTH_PATH at its default, so the values after the rollback do not carry the failing one.
            Assert.False(afterFailure.GetProperty("values").TryGetProperty("HEALTH_PATH", out _));
            var ids3 = ContainerIds(afterFailure);
            Assert.Equal("healthy", await InspectAsync(ids3["web"][0], "{{.State.Health.Status}}"));
            Assert.Equal(ids1["db"], ids3["db"]);

            // 4. Explicit rollback to revision 1: web carries the first message again.
            var rolledBack = await WaitForSuccessAsync(Client, await ActAsync(Client, HttpMethod.Post, $"/api/v1/deployments/{id}/rollback", new { revision = 1 }));
            Assert.Equal(4, rolledBack.GetProperty("revision").GetInt32());
            var ids4 = ContainerIds(await GetDeploymentAsync(Client, id));
            Assert.Contains("MESSAGE=first", await InspectAsync(ids4["web"][0], "{{json .Config.Env}}"), StringComparison.Ordinal);
            using (var revisions = await Client.GetAsync($"/api/v1/deployments/{id}/revisions"))
            {
                Assert.Equal([4, 3, 2, 1], (await AssertJsonAsync(revisions, HttpStatusCode.OK)).EnumerateArray().Select(r => r.GetProperty("number").GetInt32()));
            }

            // 5. Remove: nothing of the project is left on the engine.
            await WaitForSuccessAsync(Client, await ActAsync(Client, HttpMethod.Delete, $"/api/v1/deployments/{id}"));
            Assert.Equal("", (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={name}"])).Trim());
            Assert.Equal("removed", (await GetDeploymentAsync(Client, id)).GetProperty("status").GetString());
        }
        finally
        {
            await CleanUpAsync(name);
        }
    }

    [Fact]
    public async Task Remove_ProjectWithNetworkAndVolume_RemovesThemUnlessVolumesAreKept()
    {
        const string template = """
            services:
              app:
                image: windflow-test/busybox:latest
                stop_grace_period: 1s
                command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
                networks: [backend]
                volumes:
                  - data:/data
            networks:
              backend: {}
            volumes:
              data: {}
            """;
        var stack = await CreateStackAsync(Client, template, new { });
        foreach (var keepVolumes in new[] { true, false })
        {
            var name = "wf" + Guid.NewGuid().ToString("N")[..10];
            try
            {
                var (id, run) = await DeployAsync(Client, stack, Target, name, new { });
                await WaitForSuccessAsync(Client, run);
                Assert.Contains($"{name}_backend", await Docker.DockerAsync(["network", "ls", "--format", "{{.Name}}"]), StringComparison.Ordinal);
                Assert.Contains($"{name}_data", await Docker.DockerAsync(["volume", "ls", "--format", "{{.Name}}"]), StringComparison.Ordinal);

                await WaitForSuccessAsync(Client, await ActAsync(Client, HttpMethod.Delete, $"/api/v1/deployments/{id}?keepVolumes={keepVolumes.ToString().ToLowerInvariant()}"));

                Assert.Equal("", (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={name}"])).Trim());
                Assert.DoesNotContain($"{name}_backend", await Docker.DockerAsync(["network", "ls", "--format", "{{.Name}}"]), StringComparison.Ordinal);
                Assert.Equal(keepVolumes, (await Docker.DockerAsync(["volume", "ls", "--format", "{{.Name}}"])).Contains($"{name}_data", StringComparison.Ordinal));
            }
            finally
            {
                await CleanUpAsync(name);
            }
        }
    }

    [Fact]
    public async Task Actions_TwoAtOnceOnOneDeployment_SecondIsRefusedWith409()
    {
        var stack = await CreateStackAsync(Client, ThreeServices, ThreeServiceVariables);
        var name = "wf" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            var (id, run) = await DeployAsync(Client, stack, Target, name, new Dictionary<string, object> { ["DB_PORT"] = TestTools.FreePort(), ["WEB_PORT"] = TestTools.FreePort() });

            // The first deploy is still queued or running: a restart must wait.
            using var second = await Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/restart");
            var problem = await AssertProblemAsync(second, HttpStatusCode.Conflict);
            Assert.Contains("busy", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains(run, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            await WaitForSuccessAsync(Client, run);
            await WaitForSuccessAsync(Client, await ActAsync(Client, HttpMethod.Post, $"/api/v1/deployments/{id}/restart"));
        }
        finally
        {
            await CleanUpAsync(name);
        }
    }

    [Fact]
    public async Task Deploy_FirstDeployFails_RemovesWhatItCreated()
    {
        const string template = """
            services:
              ok:
                image: windflow-test/busybox:latest
                network_mode: host
                stop_grace_period: 1s
                command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
              broken:
                image: windflow-test/busybox:latest
                network_mode: host
                depends_on:
                  ok:
                    condition: service_started
                command: ["sh", "-c", "echo cannot start >&2; exit 4"]
              after:
                image: windflow-test/busybox:latest
                network_mode: host
                depends_on:
                  broken:
                    condition: service_completed_successfully
                command: ["sleep", "60"]
            volumes:
              unused: {}
            """;
        var stack = await CreateStackAsync(Client, template, new { });
        var name = "wf" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            var (id, run) = await DeployAsync(Client, stack, Target, name, new { });
            var failed = await WaitForRunAsync(Client, run);

            Assert.Equal("failed", failed.GetProperty("status").GetString());
            Assert.Contains("broken exited with code 4", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Contains("cannot start", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal("failed", (await GetDeploymentAsync(Client, id)).GetProperty("status").GetString());
            Assert.Equal("", (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={name}"])).Trim());
        }
        finally
        {
            await CleanUpAsync(name);
        }
    }

    [Fact]
    public async Task RunEvents_StreamedAsServerSentEvents_EndWithTheRunOutcome()
    {
        var stack = await CreateStackAsync(Client, ThreeServices, ThreeServiceVariables);
        var name = "wf" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            var (_, run) = await DeployAsync(Client, stack, Target, name, new Dictionary<string, object> { ["DB_PORT"] = TestTools.FreePort(), ["WEB_PORT"] = TestTools.FreePort() });

            using var response = await Client.GetAsync($"/api/v1/runs/{run}/events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();

            Assert.Contains("id: 1\n", text, StringComparison.Ordinal);
            Assert.Contains("\"step\":\"healthy\"", text, StringComparison.Ordinal);
            var end = text[(text.IndexOf("event: end\ndata: ", StringComparison.Ordinal) + 17)..].Trim();
            Assert.Equal("succeeded", JsonDocument.Parse(end).RootElement.GetProperty("status").GetString());

            // A client that reconnects asks for what follows the last id it saw.
            using var resumed = await Client.GetAsync($"/api/v1/runs/{run}/events?after=3");
            var rest = await resumed.Content.ReadAsStringAsync();
            Assert.DoesNotContain("id: 3\n", rest, StringComparison.Ordinal);
            Assert.Contains("id: 4\n", rest, StringComparison.Ordinal);
        }
        finally
        {
            await CleanUpAsync(name);
        }
    }

    private async Task<string> InspectAsync(string container, string format) =>
        (await Docker.DockerAsync(["inspect", "--format", format, container])).Trim();

    private async Task CleanUpAsync(string project)
    {
        var ids = (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"], throwOnFailure: false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var id in ids)
        {
            await Docker.RemoveContainerAsync(id);
        }

        foreach (var network in (await Docker.DockerAsync(["network", "ls", "-q", "--filter", $"label=com.docker.compose.project={project}"], throwOnFailure: false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Docker.DockerAsync(["network", "rm", network], throwOnFailure: false);
        }

        foreach (var volume in (await Docker.DockerAsync(["volume", "ls", "-q", "--filter", $"label=com.docker.compose.project={project}"], throwOnFailure: false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Docker.DockerAsync(["volume", "rm", "-f", volume], throwOnFailure: false);
        }
    }
}
