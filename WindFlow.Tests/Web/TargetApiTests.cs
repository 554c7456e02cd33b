using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

/// <summary>CRUD, validation and secrecy of <c>/api/v1/targets</c>; no engine is contacted.</summary>
[Trait("Category", "Integration")]
public sealed class TargetApiTests(WindFlowAppFactory app) : IClassFixture<WindFlowAppFactory>
{
    private const string Secret = "-----BEGIN OPENSSH PRIVATE KEY-----TOP-SECRET-KEY-4711";

    [Fact]
    public async Task Create_WithCredentials_NeverReturnsOrStoresThemInPlaintext()
    {
        using var client = await app.CreateApiClientAsync();
        var name = UniqueName("secret");

        using var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/targets", new
        {
            name,
            endpoint = "ssh://deploy@127.0.0.1:2222",
            labels = new { env = "prod" },
            credentials = new { sshPrivateKey = Secret },
        });
        var target = await AssertJsonAsync(created, HttpStatusCode.Created);
        var id = target.GetProperty("id").GetString();
        using var get = await client.GetAsync($"/api/v1/targets/{id}");
        using var list = await client.GetAsync("/api/v1/targets");

        Assert.Equal($"/api/v1/targets/{id}", created.Headers.Location?.OriginalString);
        Assert.True(target.GetProperty("hasCredentials").GetBoolean());
        Assert.Equal("prod", target.GetProperty("labels").GetProperty("env").GetString());
        Assert.Equal("unknown", target.GetProperty("status").GetString());
        foreach (var body in new[] { target.GetRawText(), await get.Content.ReadAsStringAsync(), await list.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain("TOP-SECRET", body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"credentials\"", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("protectedCredentials", body, StringComparison.OrdinalIgnoreCase);
        }

        var database = ReadDatabaseBytes();
        // The name proves these are the bytes the target was written to; the secret must not be among them.
        Assert.Contains(name, database, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP-SECRET", database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_CredentialsOmittedThenEmpty_KeepsThenClearsThem()
    {
        using var client = await app.CreateApiClientAsync();
        var name = UniqueName("update");
        var id = await CreateAsync(client, new { name, endpoint = "ssh://deploy@10.0.0.9", credentials = new { sshPrivateKey = Secret } });

        using var kept = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/targets/{id}", new { name = name + "-b", endpoint = "ssh://deploy@10.0.0.9" });
        using var cleared = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/targets/{id}",
            new { name = name + "-b", endpoint = "ssh://deploy@10.0.0.9", credentials = new { sshPrivateKey = "" } });

        var keptBody = await AssertJsonAsync(kept, HttpStatusCode.OK);
        Assert.Equal((name + "-b", true), (keptBody.GetProperty("name").GetString(), keptBody.GetProperty("hasCredentials").GetBoolean()));
        Assert.False((await AssertJsonAsync(cleared, HttpStatusCode.OK)).GetProperty("hasCredentials").GetBoolean());
    }

    [Fact]
    public async Task Delete_ExistingTarget_Returns204ThenGetIs404()
    {
        using var client = await app.CreateApiClientAsync();
        var id = await CreateAsync(client, new { name = UniqueName("delete"), endpoint = "tcp://10.0.0.9:2376" });

        using var deleted = await client.DeleteAsync($"/api/v1/targets/{id}");
        using var get = await client.GetAsync($"/api/v1/targets/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertProblemAsync(get, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/test")]
    [InlineData("GET", "/containers?all=true")]
    public async Task UnknownId_AnyOperation_Returns404Problem(string method, string suffix)
    {
        using var client = await app.CreateApiClientAsync();
        var id = Guid.NewGuid();

        using var response = await client.SendJsonAsync(new HttpMethod(method), $"/api/v1/targets/{id}{suffix}",
            method == "PUT" ? new { name = "x", endpoint = "tcp://h:2376" } : null);

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains(id.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DuplicateName_Returns409Problem()
    {
        using var client = await app.CreateApiClientAsync();
        var name = UniqueName("dup");
        await CreateAsync(client, new { name, endpoint = "tcp://10.0.0.9:2376" });

        using var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/targets", new { name, endpoint = "tcp://10.0.0.8:2376" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(name, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp://10.0.0.9", "endpoint")]
    [InlineData("ftp://10.0.0.9:21", "endpoint")]
    [InlineData("ssh://10.0.0.9", "endpoint")]
    [InlineData("unix://relative.sock", "endpoint")]
    public async Task Create_BadEndpoint_Returns400NamingTheField(string endpoint, string field)
    {
        using var client = await app.CreateApiClientAsync();

        using var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/targets", new { name = UniqueName("bad"), endpoint });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var messages = problem.GetProperty("errors").GetProperty(field);
        Assert.Contains(endpoint, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MissingName_Returns400NamingTheField()
    {
        using var client = await app.CreateApiClientAsync();

        using var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/targets", new { endpoint = "tcp://10.0.0.9:2376" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task List_Anonymous_Returns401()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/targets");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Start_NoAutoRegistration_HasNoLocalTarget()
    {
        using var client = await app.CreateApiClientAsync();

        using var response = await client.GetAsync("/api/v1/targets");

        var targets = await AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.DoesNotContain(targets.EnumerateArray(), t => t.GetProperty("name").GetString() == "local");
    }

    internal static async Task<string> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/targets", body);
        return (await AssertJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    internal static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    // The main file and its write-ahead log: a fresh row may still sit in the log.
    private string ReadDatabaseBytes()
    {
        SqliteConnection.ClearAllPools();
        var text = new StringBuilder();
        foreach (var path in Directory.GetFiles(app.DataDirectory, "windflow.db*"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            text.Append(Encoding.Latin1.GetString(memory.ToArray()));
        }

        return text.ToString();
    }
}
