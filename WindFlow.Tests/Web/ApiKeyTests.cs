using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Accounts;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

[Trait("Category", "Integration")]
public sealed class ApiKeyTests(WindFlowAppFactory app) : IClassFixture<WindFlowAppFactory>
{
    [Fact]
    public async Task Create_KeyShownOnceAndStoredOnlyAsItsHash()
    {
        using var admin = await app.CreateApiClientAsync();

        var (id, key) = await CreateKeyAsync(admin, new { name = "ci" });
        using var list = await admin.GetAsync("/api/v1/auth/api-keys");
        var listed = await list.Content.ReadAsStringAsync();

        Assert.StartsWith("wf_ak_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= "wf_ak_".Length + 43, key);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key[6..], listed, StringComparison.Ordinal);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<WindFlowDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == Guid.Parse(id));
        Assert.Equal(SecureTokens.Hash(key), row.KeyHash);
        Assert.DoesNotContain(key[6..], $"{row.KeyHash}|{row.Prefix}|{row.Name}", StringComparison.Ordinal);
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.ResourceId == id).ToListAsync();
        Assert.Equal("apikey.created", Assert.Single(audit).Action);
    }

    [Fact]
    public async Task Key_AsXApiKeyOrBearer_AuthenticatesAsItsOwnerAndRecordsLastUse()
    {
        using var admin = await app.CreateApiClientAsync();
        var (id, key) = await CreateKeyAsync(admin, new { name = "both" });
        using var client = app.CreateClient();

        using var viaHeader = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", apiKey: key);
        using var viaBearer = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", bearer: key);
        using var wrong = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", apiKey: key[..^2] + "xx");

        Assert.Equal("admin", (await AssertJsonAsync(viaHeader, HttpStatusCode.OK)).GetProperty("username").GetString());
        Assert.Equal("admin", (await AssertJsonAsync(viaBearer, HttpStatusCode.OK)).GetProperty("username").GetString());
        await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized);
        var listed = await ListAsync(admin);
        Assert.NotEqual(JsonValueKind.Null, listed.Single(k => k.GetProperty("id").GetString() == id).GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task ReadOnlyKey_ReadsButIsRefusedOnWrites()
    {
        using var admin = await app.CreateApiClientAsync();
        var (_, key) = await CreateKeyAsync(admin, new { name = "reader", readOnly = true });
        using var client = app.CreateClient();

        using var read = await SendAsync(client, HttpMethod.Get, "/api/v1/stacks", apiKey: key);
        using var write = await SendAsync(client, HttpMethod.Post, "/api/v1/stacks", apiKey: key, body: new { name = "nope", template = "services: {}", variables = new { } });
        using var delete = await SendAsync(client, HttpMethod.Delete, $"/api/v1/stacks/{Guid.NewGuid()}", bearer: key);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Read-only API key", (await AssertProblemAsync(write, HttpStatusCode.Forbidden)).GetProperty("title").GetString());
        await AssertProblemAsync(delete, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WritableKey_ChangesAreAuditedAsItsOwner()
    {
        using var admin = await app.CreateApiClientAsync();
        var (_, key) = await CreateKeyAsync(admin, new { name = "writer" });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);

        var stackId = await DeploymentApi.CreateStackAsync(client, "services:\n  web:\n    image: nginx:1.27\n", new Dictionary<string, object>());

        using var audit = await admin.GetAsync($"/api/v1/audit?resource={stackId}");
        var e = Assert.Single((await AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(("stack.created", "admin"), (e.GetProperty("action").GetString(), e.GetProperty("userName").GetString()));
    }

    [Fact]
    public async Task Revoke_KeyStopsWorkingAndSecondRevokeIsNotFound()
    {
        using var admin = await app.CreateApiClientAsync();
        var (id, key) = await CreateKeyAsync(admin, new { name = "short-lived" });
        using var client = app.CreateClient();

        using var revoked = await admin.DeleteAsync($"/api/v1/auth/api-keys/{id}");
        using var after = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", apiKey: key);
        using var again = await admin.DeleteAsync($"/api/v1/auth/api-keys/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await AssertProblemAsync(after, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(again, HttpStatusCode.NotFound);
        using var audit = await admin.GetAsync($"/api/v1/audit?resource={id}&action=apikey.revoked");
        var e = (await AssertJsonAsync(audit, HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["failed", "succeeded"], e.Select(x => x.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Expiry_KeyRefusedOnceExpiredAndPastExpiryRejectedAtCreate()
    {
        using var admin = await app.CreateApiClientAsync();
        var (_, key) = await CreateKeyAsync(admin, new { name = "expiring", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        using var client = app.CreateClient();

        using var before = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", apiKey: key);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var afterExpiry = await SendAsync(client, HttpMethod.Get, "/api/v1/auth/me", apiKey: key);
        using var past = await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/api-keys", new { name = "past", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await AssertProblemAsync(afterExpiry, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(past, HttpStatusCode.BadRequest);
    }

    private static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient admin, object body)
    {
        using var response = await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/api-keys", body);
        var created = await AssertJsonAsync(response, HttpStatusCode.Created);
        Assert.True(response.Headers.CacheControl?.NoStore);
        return (created.GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/api/v1/auth/api-keys");
        return [.. (await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray()];
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? apiKey = null, string? bearer = null, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client.SendAsync(request);
    }
}
