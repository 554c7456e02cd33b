using System.Net;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web.Deployments;

/// <summary>The stack API: each kind of bad template gives a precise error; versions, import and export round-trip.</summary>
[Trait("Category", "Integration")]
public sealed class StackApiTests : IAsyncLifetime
{
    private readonly WindFlowAppFactory _app = new();
    private HttpClient _client = default!;

    public async Task InitializeAsync() => _client = await _app.CreateApiClientAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("services:\n  web:\n    image: nginx\n    ports: [\"80\"\n", "template", 5, null, "")]
    [InlineData("services:\n  web:\n    image: nginx:{{VERSION}}\n", "template", 3, 20, "VERSION")]
    [InlineData("services:\n  web:\n    image: nginx\n    restart: always\n    colour: blue\n", "template", 5, 5, "'colour' is not a supported service key")]
    [InlineData("services:\n  web:\n    image: nginx\n    privileged: true\n", "template", 4, 5, "policy")]
    public async Task Validate_BadTemplate_NamesTheProblemWithItsLine(string template, string field, int line, int? column, string words)
    {
        using var response = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/stacks/validate", new { template, variables = new Dictionary<string, object>() });

        var result = await AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.False(result.GetProperty("valid").GetBoolean());
        var problem = result.GetProperty("problems").EnumerateArray().First();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(line, problem.GetProperty("line").GetInt32());
        if (column is { } expected)
        {
            Assert.Equal(expected, problem.GetProperty("column").GetInt32());
        }

        Assert.Contains(words, problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownComposeKey_Is400AndSavesNothing()
    {
        var name = TargetApiTests.UniqueName("bad");
        using var response = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/stacks", new { name, template = "services:\n  web:\n    image: nginx\n    colour: blue\n" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("line 4, column 5", problem.GetProperty("errors").GetProperty("template")[0].GetString(), StringComparison.Ordinal);
        using var list = await _client.GetAsync("/api/v1/stacks");
        Assert.DoesNotContain(name, (await list.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_SaveRestoreExportImport_KeepEveryVersionAndRoundTrip()
    {
        var variables = new Dictionary<string, object> { ["PORT"] = new { type = "integer", @default = 8080, min = 1, max = 65535, help = "Port on the host" } };
        var template = "services:\n  web:\n    image: nginx:1.27\n    ports: [\"{{PORT}}:80\"]\n";
        using var created = await _client.SendJsonAsync(HttpMethod.Post, "/api/v1/stacks", new { name = TargetApiTests.UniqueName("ver"), template, variables });
        var stack = await AssertJsonAsync(created, HttpStatusCode.Created);
        var id = stack.GetProperty("id").GetString();

        var changed = template.Replace("1.27", "1.28", StringComparison.Ordinal);
        using (var saved = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/stacks/{id}", new { name = stack.GetProperty("name").GetString(), template = changed, variables, changeSummary = "nginx 1.28" }))
        {
            Assert.Equal(2, (await AssertJsonAsync(saved, HttpStatusCode.OK)).GetProperty("version").GetInt32());
        }

        using (var restored = await _client.PostAsync($"/api/v1/stacks/{id}/versions/1/restore", null))
        {
            var three = await AssertJsonAsync(restored, HttpStatusCode.OK);
            Assert.Equal(3, three.GetProperty("version").GetInt32());
            Assert.Equal(template, three.GetProperty("template").GetString());
        }

        using (var versions = await _client.GetAsync($"/api/v1/stacks/{id}/versions"))
        {
            var list = (await AssertJsonAsync(versions, HttpStatusCode.OK)).EnumerateArray().ToList();
            Assert.Equal([3, 2, 1], list.Select(v => v.GetProperty("number").GetInt32()));
            Assert.Equal("Restored version 1", list[0].GetProperty("changeSummary").GetString());
        }

        using var export = await _client.GetAsync($"/api/v1/stacks/{id}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var document = (await export.Content.ReadAsStringAsync()).Replace(stack.GetProperty("name").GetString()!, "imported-" + id![..8], StringComparison.Ordinal);
        using var import = await _client.PostAsync("/api/v1/stacks/import", new StringContent(document, System.Text.Encoding.UTF8, "application/yaml"));
        var imported = await AssertJsonAsync(import, HttpStatusCode.Created);
        Assert.Equal(template, imported.GetProperty("template").GetString());
        Assert.Equal("Port on the host", imported.GetProperty("variables").GetProperty("PORT").GetProperty("help").GetString());
    }

    [Fact]
    public async Task Import_BrokenDocument_Is400WithTheLine()
    {
        using var response = await _client.PostAsync("/api/v1/stacks/import", new StringContent("metadata:\n  description: no name\ntemplate: |\n  services: {}\n", System.Text.Encoding.UTF8, "application/yaml"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("name", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
