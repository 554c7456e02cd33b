using System.Net;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

/// <summary>Images, volumes and networks endpoints against the real engine and a real registry.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EngineResourceApiTests(DockerEngine docker, RegistryServer registry) : IClassFixture<RegistryServer>, IAsyncLifetime
{
    private readonly WindFlowAppFactory _app = new();
    private HttpClient _client = default!;
    private string _target = "";

    public async Task InitializeAsync()
    {
        _client = await _app.CreateApiClientAsync();
        _target = await TargetApiTests.CreateAsync(_client, new { name = TargetApiTests.UniqueName("res"), endpoint = docker.Endpoint });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Pull_ImageInRegistry_StreamsJsonLinesEndingWithTheEngineStatus()
    {
        var reference = $"{registry.Host}/windflow-test/api-pull-{Guid.NewGuid():N}"[..60] + ":1";
        // A layer of its own, so the engine really downloads something and reports it.
        var id = await docker.BuildImageAsync(
            reference,
            $"FROM {DockerEngine.TestImage}\nCOPY blob.bin /blob.bin\n",
            new Dictionary<string, byte[]> { ["blob.bin"] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024 * 1024) });
        await docker.DockerAsync(["push", reference]);
        await docker.DockerAsync(["rmi", "-f", id]);

        using var response = await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{_target}/images/pull", new { image = reference });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("status").GetString() == "Pull complete" && l.GetProperty("layerId").ValueKind == JsonValueKind.String);
        Assert.Equal("Status: Downloaded newer image for " + reference, lines[^1].GetProperty("status").GetString());
        using var images = await _client.GetAsync($"/api/v1/targets/{_target}/images");
        Assert.Contains(
            (await AssertJsonAsync(images, HttpStatusCode.OK)).EnumerateArray(),
            i => i.GetProperty("image").GetProperty("repoTags").EnumerateArray().Any(t => t.GetString() == reference));
        await docker.DockerAsync(["rmi", reference]);
    }

    [Fact]
    public async Task Pull_MissingTag_Is404ProblemBeforeAnyProgress()
    {
        var reference = $"{registry.Host}/windflow-test/never-pushed:404";

        using var response = await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{_target}/images/pull", new { image = reference });

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("never-pushed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_NoImage_Is400NamingTheField()
    {
        using var response = await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{_target}/images/pull", new { image = " " });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("image", out _), problem.GetRawText());
    }

    [Fact]
    public async Task Images_InUse_CountsTheContainersUsingThem()
    {
        var id = await docker.RunContainerAsync("sleep 600");

        using var response = await _client.GetAsync($"/api/v1/targets/{_target}/images");

        var image = Assert.Single(
            (await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray(),
            i => i.GetProperty("image").GetProperty("repoTags").EnumerateArray().Any(t => t.GetString() == DockerEngine.TestImage));
        Assert.True(image.GetProperty("containers").GetInt32() >= 1);
        Assert.True(image.GetProperty("inUse").GetBoolean());
        await docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task Volume_CreateUseRemove_RefusedWhileInUseThenGone()
    {
        var name = "wf-api-vol-" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{_target}/volumes", new { name, labels = new { team = "ops" } }))
        {
            var volume = await AssertJsonAsync(created, HttpStatusCode.Created);
            Assert.Equal(("local", "ops"), (volume.GetProperty("driver").GetString(), volume.GetProperty("labels").GetProperty("team").GetString()));
        }

        var user = await docker.RunContainerAsync("sleep 600", extraArguments: ["-v", name + ":/data"]);
        using (var refused = await _client.DeleteAsync($"/api/v1/targets/{_target}/volumes/{name}"))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Conflict);
        }

        await docker.RemoveContainerAsync(user);
        using (var removed = await _client.DeleteAsync($"/api/v1/targets/{_target}/volumes/{name}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using var list = await _client.GetAsync($"/api/v1/targets/{_target}/volumes");
        Assert.DoesNotContain((await AssertJsonAsync(list, HttpStatusCode.OK)).EnumerateArray(), v => v.GetProperty("name").GetString() == name);
    }

    [Theory]
    [InlineData("-starts-with-dash", null, "name")]
    [InlineData("ok-name", "300.1.2.0/24", "subnet")]
    public async Task Network_InvalidInput_Is400NamingTheField(string name, string? subnet, string field)
    {
        using var response = await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{_target}/networks", new { name, subnet });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Network_CreateInspectRemove_ShowsAttachedContainers()
    {
        var name = "wf-api-net-" + Guid.NewGuid().ToString("N")[..8];
        string id;
        using (var created = await _client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{_target}/networks", new { name, @internal = true }))
        {
            var network = await AssertJsonAsync(created, HttpStatusCode.Created);
            id = network.GetProperty("id").GetString()!;
            Assert.True(network.GetProperty("internal").GetBoolean());
        }

        var attached = await docker.RunContainerAsync("sleep 600", network: name);
        using (var inspected = await _client.GetAsync($"/api/v1/targets/{_target}/networks/{id}"))
        {
            var details = await AssertJsonAsync(inspected, HttpStatusCode.OK);
            Assert.Contains(details.GetProperty("containers").EnumerateArray(), c => c.GetProperty("id").GetString() == attached);
        }

        using (var refused = await _client.DeleteAsync($"/api/v1/targets/{_target}/networks/{id}"))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Conflict);
        }

        await docker.RemoveContainerAsync(attached);
        using var removed = await _client.DeleteAsync($"/api/v1/targets/{_target}/networks/{id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }
}
