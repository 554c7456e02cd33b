using System.Net;
using System.Text.Json;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Web;

[Trait("Category", "Integration")]
public sealed class SystemApiTests(WindFlowAppFactory app) : IClassFixture<WindFlowAppFactory>
{
    [Fact]
    public async Task Health_Anonymous_ReturnsHealthy()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_SqliteDatabase_ReturnsOk()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SystemInfo_Anonymous_Returns401()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/system/info");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SystemInfo_WithBearerToken_ReturnsVersionProviderAndUptime()
    {
        using var client = await app.CreateApiClientAsync();

        using var response = await client.GetAsync("/api/v1/system/info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        var info = body.RootElement;
        Assert.Matches(@"^\d+\.\d+\.\d+", info.GetProperty("version").GetString());
        Assert.Equal("sqlite", info.GetProperty("databaseProvider").GetString());
        Assert.True(info.GetProperty("uptimeSeconds").GetDouble() >= 0);
        Assert.True(info.TryGetProperty("startedAt", out _));
    }

    [Fact]
    public async Task SystemInfo_WithBearerToken_UsesCamelCasePropertyNames()
    {
        using var client = await app.CreateApiClientAsync();

        using var response = await client.GetAsync("/api/v1/system/info");

        using var body = await ReadJsonAsync(response);
        var names = body.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["version", "databaseProvider", "startedAt", "uptimeSeconds"], names);
    }

    [Fact]
    public async Task OpenApiDocument_Anonymous_DescribesTokenEndpoint()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = await ReadJsonAsync(response);
        Assert.StartsWith("3.", body.RootElement.GetProperty("openapi").GetString());
        Assert.True(body.RootElement.GetProperty("paths").TryGetProperty("/api/v1/auth/token", out _));
        Assert.True(body.RootElement.GetProperty("paths").TryGetProperty("/api/v1/system/info", out _));
        var bearer = body.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal("Bearer", body.RootElement.GetProperty("security")[0].EnumerateObject().Single().Name);
    }

    [Fact]
    public async Task SwaggerUi_Anonymous_ServesHtmlPage()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
}
