using System.Net;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

/// <summary><c>/api/v1/targets</c> against the real engine of the "docker" collection.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TargetEngineApiTests(DockerEngine docker) : IAsyncLifetime
{
    private const string LongRunning = "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done";
    private readonly WindFlowAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Test_FixtureEngine_MarksTargetOnlineWithEngineVersion()
    {
        using var client = await _app.CreateApiClientAsync();
        var id = await TargetApiTests.CreateAsync(client, new { name = TargetApiTests.UniqueName("engine"), endpoint = docker.Endpoint });

        using var test = await client.PostAsync($"/api/v1/targets/{id}/test", null);
        using var get = await client.GetAsync($"/api/v1/targets/{id}");

        var result = await AssertJsonAsync(test, HttpStatusCode.OK);
        Assert.True(result.GetProperty("success").GetBoolean());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("engine").GetProperty("engineVersion").GetString()));
        Assert.True(result.GetProperty("engine").GetProperty("cpus").GetInt32() > 0);
        var target = await AssertJsonAsync(get, HttpStatusCode.OK);
        Assert.Equal("online", target.GetProperty("status").GetString());
        Assert.Equal(result.GetProperty("engine").GetProperty("engineVersion").GetString(), target.GetProperty("engineVersion").GetString());
        Assert.False(string.IsNullOrEmpty(target.GetProperty("apiVersion").GetString()));
        Assert.Equal(JsonValueKind.String, target.GetProperty("lastSeen").ValueKind);
    }

    [Fact]
    public async Task Containers_ContainerStartedWithCli_IsListed()
    {
        using var client = await _app.CreateApiClientAsync();
        var id = await TargetApiTests.CreateAsync(client, new { name = TargetApiTests.UniqueName("list"), endpoint = docker.Endpoint });
        var containerId = await docker.RunContainerAsync(LongRunning, extraArguments: ["--label", "windflow.test=target-api"]);
        await docker.DockerAsync(["stop", "-t", "1", containerId]);

        using var all = await client.GetAsync($"/api/v1/targets/{id}/containers?all=true");
        using var running = await client.GetAsync($"/api/v1/targets/{id}/containers");

        var listed = await AssertJsonAsync(all, HttpStatusCode.OK);
        var container = Assert.Single(listed.EnumerateArray(), c => c.GetProperty("id").GetString() == containerId);
        Assert.Equal("exited", container.GetProperty("state").GetString());
        Assert.Equal("target-api", container.GetProperty("labels").GetProperty("windflow.test").GetString());
        Assert.DoesNotContain((await AssertJsonAsync(running, HttpStatusCode.OK)).EnumerateArray(), c => c.GetProperty("id").GetString() == containerId);
        await docker.RemoveContainerAsync(containerId);
    }

    [Fact]
    public async Task Test_NothingListening_MarksOfflineWithMessageAndContainersAre502()
    {
        using var client = await _app.CreateApiClientAsync();
        var socket = $"/tmp/windflow-absent-{Guid.NewGuid():N}.sock";
        var id = await TargetApiTests.CreateAsync(client, new { name = TargetApiTests.UniqueName("down"), endpoint = "unix://" + socket });

        using var test = await client.PostAsync($"/api/v1/targets/{id}/test", null);
        using var containers = await client.GetAsync($"/api/v1/targets/{id}/containers?all=true");

        var result = await AssertJsonAsync(test, HttpStatusCode.OK);
        Assert.False(result.GetProperty("success").GetBoolean());
        var message = result.GetProperty("message").GetString();
        Assert.Contains(socket, message, StringComparison.Ordinal);
        var target = result.GetProperty("target");
        Assert.Equal("offline", target.GetProperty("status").GetString());
        Assert.Equal(message, target.GetProperty("statusMessage").GetString());
        Assert.Equal(JsonValueKind.Null, target.GetProperty("lastSeen").ValueKind);
        var problem = await AssertProblemAsync(containers, HttpStatusCode.BadGateway);
        Assert.Contains(socket, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LocalSocketAnswers_RegistersLocalTarget()
    {
        await using var app = new WindFlowAppFactory { DockerLocalSocket = docker.SocketPath };
        using var client = await app.CreateApiClientAsync();

        using var response = await client.GetAsync("/api/v1/targets");

        var local = Assert.Single((await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(("local", docker.Endpoint, "online"),
            (local.GetProperty("name").GetString(), local.GetProperty("endpoint").GetString(), local.GetProperty("status").GetString()));
        Assert.False(string.IsNullOrEmpty(local.GetProperty("engineVersion").GetString()));
    }

    [Fact]
    public async Task Start_LocalSocketAbsent_StartsWithoutTargets()
    {
        await using var app = new WindFlowAppFactory { DockerLocalSocket = $"/tmp/windflow-absent-{Guid.NewGuid():N}.sock" };
        using var client = await app.CreateApiClientAsync();

        using var response = await client.GetAsync("/api/v1/targets");

        Assert.Empty((await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task StatusJob_NoTestNoEvents_QuartzMarksTheTargetOnline()
    {
        // Events off, so only the scheduled job can change the status.
        await using var app = new WindFlowAppFactory
        {
            Settings = new Dictionary<string, string> { ["Docker:WatchEvents"] = "false", ["Docker:StatusRefreshInterval"] = "00:00:05" },
        };
        using var client = await app.CreateApiClientAsync();
        var id = await TargetApiTests.CreateAsync(client, new { name = TargetApiTests.UniqueName("job"), endpoint = docker.Endpoint });

        string? status = null;
        for (var waited = 0; waited < 30 && status != "online"; waited++)
        {
            await Task.Delay(500);
            using var response = await client.GetAsync($"/api/v1/targets/{id}");
            status = (await AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("status").GetString();
        }

        Assert.Equal("online", status);
    }
}
