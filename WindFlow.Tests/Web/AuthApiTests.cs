using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Web;

[Trait("Category", "Integration")]
public sealed class AuthApiTests(WindFlowAppFactory app) : IClassFixture<WindFlowAppFactory>
{
    private const string User = WindFlowAppFactory.DefaultAdminUserName;
    private const string Password = WindFlowAppFactory.DefaultAdminPassword;

    [Fact]
    public async Task Token_RightPassword_ReturnsSignedJwtAndRefreshToken()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = User, password = Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var tokens = await response.Content.ReadFromJsonAsync<TokenResponse>();
        Assert.NotNull(tokens);
        Assert.Equal(1800, tokens.ExpiresIn);
        Assert.False(string.IsNullOrWhiteSpace(tokens.RefreshToken));
        var parts = tokens.AccessToken.Split('.');
        Assert.Equal(3, parts.Length);
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1]));
        Assert.Equal(User, payload.RootElement.GetProperty("unique_name").GetString());
        var lifetime = payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64();
        Assert.Equal(1800, lifetime);
    }

    [Fact]
    public async Task Me_WithBearerToken_ReturnsSignedInAccount()
    {
        using var client = await app.CreateApiClientAsync(User, Password);

        using var response = await client.GetAsync("/api/v1/auth/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        var me = body.RootElement;
        Assert.False(string.IsNullOrEmpty(me.GetProperty("id").GetString()));
        Assert.Equal(User, me.GetProperty("username").GetString());
        Assert.True(me.TryGetProperty("email", out _));
        Assert.True(me.GetProperty("isSuperAdmin").GetBoolean());
    }

    [Fact]
    public async Task Refresh_ValidToken_RotatesAndRetiresOldToken()
    {
        using var client = app.CreateClient();
        var first = await WindFlowAppFactory.RequestTokensAsync(client, User, Password);

        using var refreshed = await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        var second = await refreshed.Content.ReadFromJsonAsync<TokenResponse>();
        using var reused = await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotNull(second);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(3, second.AccessToken.Split('.').Length);
        await AssertProblemAsync(reused, HttpStatusCode.Unauthorized, "Invalid refresh token");
    }

    [Fact]
    public async Task Refresh_RotatedTokenReplayed_RevokesNewerToken()
    {
        using var client = app.CreateClient();
        var first = await WindFlowAppFactory.RequestTokensAsync(client, User, Password);
        using var refreshed = await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        var second = await refreshed.Content.ReadFromJsonAsync<TokenResponse>();
        Assert.NotNull(second);

        using var replay = await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        using var newer = await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = second.RefreshToken });

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        await AssertProblemAsync(newer, HttpStatusCode.Unauthorized, "Invalid refresh token");
    }

    [Fact]
    public async Task Refresh_OtherSignInStillValid_AfterReplayInAnotherFamily()
    {
        using var client = app.CreateClient();
        var victim = await WindFlowAppFactory.RequestTokensAsync(client, User, Password);
        var bystander = await WindFlowAppFactory.RequestTokensAsync(client, User, Password);
        using (await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = victim.RefreshToken }))
        using (await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = victim.RefreshToken }))
        {
        }

        using var response = await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = bystander.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Logout_RefreshToken_Returns204AndRevokesIt()
    {
        using var client = app.CreateClient();
        var tokens = await WindFlowAppFactory.RequestTokensAsync(client, User, Password);

        using var logout = await PostAsync(client, "/api/v1/auth/logout", new { refreshToken = tokens.RefreshToken });
        using var refresh = await PostAsync(client, "/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized, "Invalid refresh token");
    }

    [Fact]
    public async Task Token_WrongPassword_Returns401Problem()
    {
        using var client = app.CreateClient();

        using var response = await PostAsync(client, "/api/v1/auth/token", new { username = User, password = "not-the-password" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Invalid credentials");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        // A later success resets the failure count so this test leaves the shared admin unlocked.
        await WindFlowAppFactory.RequestTokensAsync(client, User, Password);
    }

    [Fact]
    public async Task Token_UnknownUser_SameResponseAsWrongPassword()
    {
        using var client = app.CreateClient();

        using var unknown = await PostAsync(client, "/api/v1/auth/token", new { username = "nobody-here", password = "not-the-password" });
        using var wrong = await PostAsync(client, "/api/v1/auth/token", new { username = User, password = "not-the-password" });
        await WindFlowAppFactory.RequestTokensAsync(client, User, Password);

        var unknownProblem = await AssertProblemAsync(unknown, HttpStatusCode.Unauthorized, "Invalid credentials");
        var wrongProblem = await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, "Invalid credentials");
        Assert.Equal(WithoutTraceId(wrongProblem), WithoutTraceId(unknownProblem));
    }

    [Fact]
    public async Task Token_FiveWrongPasswords_LocksAccountEvenForRightPassword()
    {
        // Locking the shared admin would break the other tests: this one gets its own app.
        await using var fresh = new WindFlowAppFactory();
        using var client = fresh.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await PostAsync(client, "/api/v1/auth/token", new { username = User, password = $"wrong-password-{attempt}" });
            statuses.Add(wrong.StatusCode);
        }

        using var right = await PostAsync(client, "/api/v1/auth/token", new { username = User, password = Password });

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests], statuses);
        var problem = await AssertProblemAsync(right, HttpStatusCode.TooManyRequests, "Account locked");
        Assert.Contains("minute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = right.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 300);
    }

    [Fact]
    public async Task Token_MissingUsername_Returns400ValidationProblemNamingIt()
    {
        using var client = app.CreateClient();

        using var response = await PostAsync(client, "/api/v1/auth/token", new { password = Password });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, title: null);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("username", out var messages));
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.False(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Token_MalformedJson_Returns400ProblemWithoutStackTrace()
    {
        using var client = app.CreateClient();
        using var content = new StringContent("{\"username\": \"admin\", \"password\": ", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/auth/token", content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Malformed JSON");
        var body = problem.GetRawText();
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_Anonymous_Returns401ProblemWithBearerChallengeNotRedirect()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/api/v1/auth/me");

        Assert.Null(response.Headers.Location);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Authentication required");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Me_GarbageBearerToken_Returns401Problem()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.jwt");

        using var response = await client.GetAsync("/api/v1/auth/me");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Authentication required");
        Assert.Contains("invalid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Me_TokenSignedWithOtherKey_Returns401()
    {
        // A token from another WindFlow instance (another data directory, another key) is refused.
        await using var other = new WindFlowAppFactory();
        using var otherClient = await other.CreateApiClientAsync(User, Password);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = otherClient.DefaultRequestHeaders.Authorization;

        using var response = await client.GetAsync("/api/v1/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync<T>(HttpClient client, string path, T body) => client.PostAsJsonAsync(path, body);

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());

    private static string WithoutTraceId(JsonElement problem) =>
        string.Join('\n', problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.ToString()));

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? title)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (title is not null)
        {
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        }

        return problem;
    }
}
