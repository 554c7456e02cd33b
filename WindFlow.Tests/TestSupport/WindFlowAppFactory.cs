using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// The real app in memory, on its own temp data directory (SQLite database and JWT key), which is
/// deleted on dispose. Settings are plain init properties read when the host is first built.
/// </summary>
public class WindFlowAppFactory : WebApplicationFactory<Program>
{
    public const string DefaultAdminUserName = "admin";

    // 12+ characters, as Identity's password rules demand.
    public const string DefaultAdminPassword = "correct-horse-battery";

    public WindFlowAppFactory()
    {
        DataDirectory = Directory.CreateTempSubdirectory("windflow-web-").FullName;
    }

    public string DataDirectory { get; }

    /// <summary><c>WINDFLOW_ADMIN_USER</c>; null leaves the app in first-run setup.</summary>
    public string? AdminUserName { get; init; } = DefaultAdminUserName;

    public string? AdminPassword { get; init; } = DefaultAdminPassword;

    /// <summary><c>Database:Provider</c>; null keeps the default (SQLite in the data directory).</summary>
    public string? DatabaseProvider { get; init; }

    /// <summary><c>ConnectionStrings:WindFlow</c>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// <c>Docker:LocalSocket</c>; when set, the app registers the engine there as target <c>local</c>
    /// at start-up. Null (the default) turns auto-registration off so tests see no stray target.
    /// </summary>
    public string? DockerLocalSocket { get; init; }

    /// <summary>A client for page requests: cookies kept, redirects returned rather than followed.</summary>
    /// <summary>Any other configuration, as key (<c>Section:Key</c>) and value.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public FormClient CreateFormClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Signs in through <c>POST /api/v1/auth/token</c> and returns a client that sends the access token.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string userName = DefaultAdminUserName, string password = DefaultAdminPassword)
    {
        var client = CreateClient();
        var tokens = await RequestTokensAsync(client, userName, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    /// <summary>Creates an account (as the bootstrap admin), makes it a member of <paramref name="organizationId"/> with <paramref name="role"/>, and returns its signed-in client.</summary>
    public async Task<HttpClient> CreateMemberClientAsync(string organizationId, string role) =>
        await CreateApiClientAsync(await CreateMemberAsync(organizationId, role));

    /// <summary>Creates an account with the default password (as the bootstrap admin), makes it a member of <paramref name="organizationId"/> with <paramref name="role"/>, and returns its user name.</summary>
    public async Task<string> CreateMemberAsync(string organizationId, string role)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..20];
        using var admin = await CreateApiClientAsync();
        using (var user = await admin.PostAsJsonAsync("/api/v1/users", new { username = name, email = $"{name}@example.test", password = DefaultAdminPassword }))
        {
            await ApiAssertions.AssertJsonAsync(user, System.Net.HttpStatusCode.Created);
        }

        using (var member = await admin.PostAsJsonAsync($"/api/v1/organizations/{organizationId}/members", new { username = name, role }))
        {
            await ApiAssertions.AssertJsonAsync(member, System.Net.HttpStatusCode.Created);
        }

        return name;
    }

    /// <summary>Posts credentials to the token endpoint and fails with the response body unless it answers 200.</summary>
    public static async Task<TokenResponse> RequestTokensAsync(HttpClient client, string userName = DefaultAdminUserName, string password = DefaultAdminPassword)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = userName, password });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"POST /api/v1/auth/token answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<TokenResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/auth/token answered an empty body.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting lands in host configuration, which reaches Program before it reads its settings.
        builder.UseSetting("WINDFLOW_DATA_DIR", DataDirectory);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        Set(builder, "WINDFLOW_ADMIN_USER", AdminUserName);
        Set(builder, "WINDFLOW_ADMIN_PASSWORD", AdminPassword);
        Set(builder, "Database:Provider", DatabaseProvider);
        Set(builder, "ConnectionStrings:WindFlow", ConnectionString);
        builder.UseSetting("Docker:AutoRegisterLocal", DockerLocalSocket is null ? "false" : "true");
        Set(builder, "Docker:LocalSocket", DockerLocalSocket);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // The base Dispose(bool) ends up here too.
        await base.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    private static void Set(IWebHostBuilder builder, string key, string? value)
    {
        if (value is not null)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>The body of a successful <c>/api/v1/auth/token</c> or <c>/refresh</c> call.</summary>
public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn);
