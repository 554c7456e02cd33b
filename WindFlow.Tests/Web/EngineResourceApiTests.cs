using System.Net;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

/// <summary>Images, volumes and networks endpoints against the real engine and a real registry.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EngineResourceApiTests(DockerEngine docker, RegistryServer registry) : EngineApiTestBase(docker, "res"), IClassFixture<RegistryServer>
{
    [Fact]
    public async Task Pull_ImageInRegistry_StreamsJsonLinesEndingWithTheEngineStatus()
    {
        var reference = $"{registry.Host}/windflow-test/api-pull-{Guid.NewGuid():N}"[..60] + ":1";
        // A layer of its own, so the engine really downloads something and reports it.
        var id = await Docker.BuildImageAsync(
            reference,
            $"FROM {DockerEngine.TestImage}\nCOPY blob.bin /blob.bin\n",
            new Dictionary<string, byte[]> { ["blob.bin"] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024 * 1024) });
        await Docker.DockerAsync(["push", reference]);
        await Docker.DockerAsync(["rmi", "-f", id]);

        using var response = await Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{Target}/images/pull", new { image = reference });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.GetProperty("status").GetString() == "Pull complete" && l.GetProperty("layerId").ValueKind == JsonValueKind.String);
        Assert.Equal("Status: Downloaded newer image for " + reference, lines[^1].GetProperty("status").GetString());
        using var images = await Client.GetAsync($"/api/v1/targets/{Target}/images");
        Assert.Contains(
            (await AssertJsonAsync(images, HttpStatusCode.OK)).EnumerateArray(),
            i => i.GetProperty("image").GetProperty("repoTags").EnumerateArray().Any(t => t.GetString() == reference));
        await Docker.DockerAsync(["rmi", reference]);
    }

    [Fact]
    public async Task Pull_MissingTag_Is404ProblemBeforeAnyProgress()
    {
        var reference = $"{registry.Host}/windflow-test/never-pushed:404";

        using var response = await Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{Target}/images/pull", new { image = reference });

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("never-pushed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_NoImage_Is400NamingTheField()
    {
        using var response = await Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{Target}/images/pull", new { image = " " });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("image", out _), problem.GetRawText());
    }

    [Fact]
    public async Task Images_InUse_CountsTheContainersUsingThem()
    {
        var id = await Docker.RunContainerAsync("sleep 600");

        using var response = await Client.GetAsync($"/api/v1/targets/{Target}/images");

        var image = Assert.Single(
            (await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray(),
            i => i.GetProperty("image").GetProperty("repoTags").EnumerateArray().Any(t => t.GetString() == DockerEngine.TestImage));
        Assert.True(image.GetProperty("containers").GetInt32() >= 1);
        Assert.True(image.GetProperty("inUse").GetBoolean());
        await Docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task Volume_CreateUseRemove_RefusedWhileInUseThenGone()
    {
        var name = "wf-api-vol-" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{Target}/volumes", new { name, labels = new { team = "ops" } }))
        {
            var volume = await AssertJsonAsync(created, HttpStatusCode.Created);
            Assert.Equal(("local", "ops"), (volume.GetProperty("driver").GetString(), volume.GetProperty("labels").GetProperty("team").GetString()));
        }

        var user = await Docker.RunContainerAsync("sleep 600", extraArguments: ["-v", name + ":/data"]);
        using (var refused = await Client.DeleteAsync($"/api/v1/targets/{Target}/volumes/{name}"))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Conflict);
        }

        await Docker.RemoveContainerAsync(user);
        using (var removed = await Client.DeleteAsync($"/api/v1/targets/{Target}/volumes/{name}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using var list = await Client.GetAsync($"/api/v1/targets/{Target}/volumes");
        Assert.DoesNotContain((await AssertJsonAsync(list, HttpStatusCode.OK)).EnumerateArray(), v => v.GetProperty("name").GetString() == name);
    }

    [Theory]
    [InlineData("-starts-with-dash", null, "name")]
    [InlineData("ok-name", "300.1.2.0/24", "subnet")]
    public async Task Network_InvalidInput_Is400NamingTheField(string name, string? subnet, string field)
    {
        using var response = await Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{Target}/networks", new { name, subnet });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Network_CreateInspectRemove_ShowsAttachedContainers()
    {
        var name = "wf-api-net-" + Guid.NewGuid().ToString("N")[..8];
        string id;
        using (var created = await Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets/{Target}/networks", new { name, @internal = true }))
        {
            var network = await AssertJsonAsync(created, HttpStatusCode.Created);
            id = network.GetProperty("id").GetString()!;
            Assert.True(network.GetProperty("internal").GetBoolean());
        }

        var attached = await Docker.RunContainerAsync("sleep 600", network: name);
        using (var inspected = await Client.GetAsync($"/api/v1/targets/{Target}/networks/{id}"))
        {
            var details = await AssertJsonAsync(inspected, HttpStatusCode.OK);
            Assert.Contains(details.GetProperty("containers").EnumerateArray(), c => c.GetProperty("id").GetString() == attached);
        }

        using (var refused = await Client.DeleteAsync($"/api/v1/targets/{Target}/networks/{id}"))
        {
            await AssertProblemAsync(refused, HttpStatusCode.Conflict);
        }

        await Docker.RemoveContainerAsync(attached);
        using var removed = await Client.DeleteAsync($"/api/v1/targets/{Target}/networks/{id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }
}
