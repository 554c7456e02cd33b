using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WindFlow.Tests.TestSupport;
using Xunit.Abstractions;

namespace WindFlow.Tests.E2E;

/// <summary>
/// Keycloak sign-in end to end: real Chromium, the published WindFlow and a real OpenID provider
/// (npm oidc-provider shaped like a Keycloak realm), each on its own loopback port.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed class SsoTests(BrowserFixture browser, ITestOutputHelper output)
{
    private sealed record Me(string Id, string Username, bool IsSuperAdmin);

    private static async Task<(OidcProviderServer Provider, AppProcess App)> StartAsync(string unmappedUsers)
    {
        var appPort = TestTools.FreePort();
        var provider = await OidcProviderServer.StartAsync($"http://127.0.0.1:{appPort}");
        try
        {
            var app = await AppProcess.StartAsync(new Dictionary<string, string>
            {
                ["WINDFLOW_ADMIN_USER"] = "admin",
                ["WINDFLOW_ADMIN_PASSWORD"] = "correct-horse-battery",
                ["Keycloak__Enabled"] = "true",
                ["Keycloak__Url"] = provider.Url,
                ["Keycloak__RequireHttpsMetadata"] = "false",
                ["Keycloak__ClientSecret"] = OidcProviderServer.ClientSecret,
                ["Keycloak__RoleMappings__0__Claim"] = "Group",
                ["Keycloak__RoleMappings__0__Value"] = "/windflow/default/operators",
                ["Keycloak__RoleMappings__0__Organization"] = "default",
                ["Keycloak__RoleMappings__0__Role"] = "Operator",
                ["Keycloak__RoleMappings__1__Claim"] = "ClientRole",
                ["Keycloak__RoleMappings__1__Value"] = "super-admin",
                ["Keycloak__RoleMappings__1__Role"] = "SuperAdmin",
                ["Keycloak__UnmappedUsers"] = unmappedUsers,
                ["Keycloak__DefaultOrganization"] = "default",
                ["Keycloak__DefaultRole"] = "Viewer",
            }, port: appPort);
            return (provider, app);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>Clicks "Sign in with Keycloak" and fills the provider's own login form; returns the two legs' durations.</summary>
    private static async Task<(TimeSpan ToProviderForm, TimeSpan BackSignedIn)> SignInThroughProviderAsync(IPage page, string user, bool expectSignedIn = true)
    {
        await page.GotoAsync("/login");
        var clock = Stopwatch.StartNew();
        await page.GetByTestId("login-keycloak").ClickAsync();
        var login = page.Locator("input[name=login]");
        await login.WaitForAsync();
        var toForm = clock.Elapsed;
        Assert.StartsWith("http://127.0.0.1:", page.Url);
        Assert.Contains("/realms/windflow/", page.Url);
        await login.FillAsync(user);
        await page.Locator("input[name=password]").FillAsync("any-password");
        clock.Restart();
        await page.Locator("button[type=submit]").ClickAsync();
        if (expectSignedIn)
        {
            await new Shell(page).WaitForCircuitAsync();
        }

        return (toForm, clock.Elapsed);
    }

    [Fact]
    public async Task KeycloakSignIn_OperatorGroup_LandsSignedInAsOperatorAndSignOutEndsProviderSession()
    {
        var (provider, app) = await StartAsync("Refuse");
        await using var _ = provider;
        await using var __ = app;
        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var ___ = context;

        var rounds = new List<(TimeSpan ToForm, TimeSpan Back)>();
        for (var round = 0; round < 3; round++)
        {
            // Each round after the first also proves the sign-out ended the provider's session:
            // SignInThroughProviderAsync waits for the provider's login form, which a live session would skip.
            rounds.Add(await SignInThroughProviderAsync(page, "alice"));
            await page.GotoAsync("/account/profile");
            await Assertions.Expect(page.GetByTestId("profile-username")).ToHaveTextAsync("alice");
            await Assertions.Expect(page.GetByTestId("profile-grants")).ToHaveTextAsync("default:Operator");

            await page.GotoAsync("/");
            await new Shell(page).WaitForCircuitAsync();
            await new Shell(page).LogOutAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?loggedOut=1$"));
            await Assertions.Expect(new LoginPage(page).Notice).ToContainTextAsync("You are signed out");
        }

        // Signed out of WindFlow: a protected page sends us back to the login page.
        await page.GotoAsync("/account/profile");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        foreach (var (toForm, back) in rounds)
        {
            output.WriteLine($"SSO sign-in: login page -> provider form {toForm.TotalMilliseconds:0} ms; provider form submit -> WindFlow dashboard interactive {back.TotalMilliseconds:0} ms");
        }
    }

    [Fact]
    public async Task KeycloakSignIn_NoMappedGroupWhenRefusing_ShowsWhyAndStaysSignedOut()
    {
        var (provider, app) = await StartAsync("Refuse");
        await using var _ = provider;
        await using var __ = app;
        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var ___ = context;

        await SignInThroughProviderAsync(page, "bob", expectSignedIn: false);

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?ssoError=no-role$"));
        await Assertions.Expect(new LoginPage(page).Error).ToContainTextAsync("no WindFlow role is mapped");
        await page.GotoAsync("/account/profile");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
    }

    [Fact]
    public async Task KeycloakSignIn_NoMappedGroupWithDefaultRole_GetsTheDefaultRole()
    {
        var (provider, app) = await StartAsync("Default");
        await using var _ = provider;
        await using var __ = app;
        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var ___ = context;

        await SignInThroughProviderAsync(page, "bob");

        await page.GotoAsync("/account/profile");
        await Assertions.Expect(page.GetByTestId("profile-grants")).ToHaveTextAsync("default:Viewer");
    }

    [Fact]
    public async Task Api_ProviderIssuedAccessToken_AcceptedAndTamperedOneRejected()
    {
        var (provider, app) = await StartAsync("Refuse");
        await using var _ = provider;
        await using var __ = app;
        var token = await provider.ClientCredentialsTokenAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        using var accepted = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        var response = await http.SendAsync(accepted);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = (await response.Content.ReadFromJsonAsync<Me>())!;
        Assert.Equal("service-account-windflow-ci", me.Username);
        Assert.False(me.IsSuperAdmin);

        // Same header and claims, one signature character changed.
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        var tampered = $"{parts[0]}.{parts[1]}.{new string(signature)}";
        using var rejected = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tampered) } };
        var refusal = await http.SendAsync(rejected);
        Assert.Equal(HttpStatusCode.Unauthorized, refusal.StatusCode);
        Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
    }
}
