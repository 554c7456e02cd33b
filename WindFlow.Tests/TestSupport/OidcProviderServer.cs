using System.Diagnostics;
using System.Net;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// A real OpenID provider (npm oidc-provider, tools/oidc-provider/server.js) on 127.0.0.1, laid
/// out like a Keycloak realm at /realms/windflow. Users: alice (group /windflow/default/operators),
/// bob (no mapped group), carol (client role super-admin), dana (group /windflow/sso-team/operators, in no
/// configuration rule); clients windflow-ci and windflow get tokens
/// by client_credentials (service-account-{client}). Installs its npm packages on first use, so `make test` on a clean clone works.
/// </summary>
public sealed class OidcProviderServer : IAsyncDisposable
{
    public const string ClientSecret = "windflow-test-secret";
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly Process _process;
    private readonly string _log;

    private OidcProviderServer(Process process, int port, string log)
    {
        _process = process;
        Port = port;
        _log = log;
    }

    public int Port { get; }

    /// <summary>What WindFlow's Keycloak__Url is set to.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public string Issuer => $"{Url}/realms/windflow";

    public static string Directory => Path.Combine(RepositoryPaths.Root, "tools", "oidc-provider");

    /// <summary>Starts the provider; <paramref name="appBaseUrl"/> is the WindFlow it registers redirect URIs for.</summary>
    public static async Task<OidcProviderServer> StartAsync(string appBaseUrl)
    {
        await EnsureInstalledAsync();
        var port = TestTools.FreePort();
        var log = Path.Combine(Path.GetTempPath(), $"windflow-oidc-{port}.log");
        var process = TestTools.StartLogged("node", [Path.Combine(Directory, "server.js"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--app", appBaseUrl, "--secret", ClientSecret], log);
        var server = new OidcProviderServer(process, port, log);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("oidc-provider exited." + TestTools.LogTail(log, "oidc-provider"));
            }

            try
            {
                if ((await http.GetAsync($"{server.Issuer}/.well-known/openid-configuration")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new TimeoutException("oidc-provider did not answer discovery within 30 s." + TestTools.LogTail(log, "oidc-provider"));
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(Directory, "node_modules", "oidc-provider", "package.json")))
            {
                var result = await TestTools.RunCapturedAsync("npm", ["ci", "--no-audit", "--no-fund"], Directory, timeout: TimeSpan.FromMinutes(5));
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci in {Directory} failed: {result.Stderr}{result.Stdout}");
                }
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>An access token for the CI client's service account (group /windflow/default/operators).</summary>
    /// <summary>An access token by client_credentials; resource <c>urn:keycloak:account</c> makes aud = account as Keycloak's default does.</summary>
    public async Task<string> ClientCredentialsTokenAsync(string clientId = "windflow-ci", string? resource = null)
    {
        using var http = new HttpClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = ClientSecret,
            ["scope"] = "api",
        };
        if (resource is not null)
        {
            form["resource"] = resource;
        }

        var response = await http.PostAsync($"{Issuer}/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await TestTools.StopAsync(_process, TimeSpan.FromSeconds(5));
        File.Delete(_log);
    }
}
