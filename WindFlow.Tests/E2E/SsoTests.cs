using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
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

        var response = await MeAsync(http, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = (await response.Content.ReadFromJsonAsync<Me>())!;
        Assert.Equal("service-account-windflow-ci", me.Username);
        Assert.False(me.IsSuperAdmin);

        // Same header and claims, one signature character changed.
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        var tampered = $"{parts[0]}.{parts[1]}.{new string(signature)}";
        var refusal = await MeAsync(http, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, refusal.StatusCode);
        Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_AccountAudienceToken_AcceptedWhenAzpIsTheClientRefusedForAnotherClient()
    {
        var (provider, app) = await StartAsync("Refuse");
        await using var _ = provider;
        await using var __ = app;
        var own = await provider.ClientCredentialsTokenAsync("windflow", "urn:keycloak:account");
        var other = await provider.ClientCredentialsTokenAsync("windflow-ci", "urn:keycloak:account");
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        // The tokens are shaped as Keycloak issues them without an audience mapper.
        Assert.Equal(("account", "windflow"), AudienceAndAzp(own));
        Assert.Equal(("account", "windflow-ci"), AudienceAndAzp(other));
        var response = await MeAsync(http, own);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("service-account-windflow", (await response.Content.ReadFromJsonAsync<Me>())!.Username);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(http, other)).StatusCode);
    }

    private static async Task<HttpResponseMessage> MeAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        return await http.SendAsync(request);
    }

    private static (string? Audience, string? Azp) AudienceAndAzp(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
        return (json.RootElement.GetProperty("aud").GetString(), json.RootElement.GetProperty("azp").GetString());
    }

    [Fact]
    public async Task RoleMappingFromSettings_AddedInTheBrowser_GrantsAtSignInAndDeletingItRemovesTheMembership()
    {
        var (provider, app) = await StartAsync("Default");
        await using var _ = provider;
        await using var __ = app;
        var (adminContext, admin) = await SignInAdminAsync(app);
        await using var ___ = adminContext;
        var team = IdOf(await SendAsync(admin, "POST", "/api/v1/organizations", new { name = "SSO team", slug = "sso-team" }), HttpStatusCode.Created);
        var workflow = WorkflowApi.Workflow("team-flow", [WorkflowApi.Manual("trigger"), WorkflowApi.Delay("wait", 1)], [new { from = "trigger", to = "wait" }]);
        var teamFlow = IdOf(await SendAsync(admin, "POST", $"/api/v1/workflows?organizationId={team}", workflow), HttpStatusCode.Created);
        var defaultFlow = IdOf(await SendAsync(admin, "POST", "/api/v1/workflows?organizationId=6f1d0c6e-5b1a-4c55-9d7e-000000000001",
            WorkflowApi.Workflow("default-flow", [WorkflowApi.Manual("trigger")], [])), HttpStatusCode.Created);

        // The rule is made in the settings page, next to the configuration's two read-only rules.
        var settings = new AdministrationPages(admin);
        await admin.GotoAsync("/administration/authentication");
        await new Shell(admin).WaitForCircuitAsync();
        await settings.AddRoleMappingAsync("/windflow/sso-team/operators", "Operator", "SSO team (sso-team)");
        var added = settings.RoleMappings.Filter(new() { HasText = "/windflow/sso-team/operators" });
        await Assertions.Expect(added.GetByTestId("role-mapping-source")).ToHaveTextAsync("From settings");
        await Assertions.Expect(added.GetByTestId("role-mapping-grant")).ToHaveTextAsync("Operator of 'sso-team'");
        await Assertions.Expect(settings.RoleMappings.GetByTestId("role-mapping-source")).ToHaveTextAsync(["From configuration", "From configuration", "From settings"]);
        await Assertions.Expect(settings.RoleMappings.GetByTestId("role-mapping-delete")).ToHaveCountAsync(1);

        var (danaContext, dana, _) = await browser.NewPageAsync(app.BaseUrl);
        await using var ____ = danaContext;
        await SignInThroughProviderAsync(dana, "dana");
        await dana.GotoAsync("/account/profile");
        await Assertions.Expect(dana.GetByTestId("profile-grants")).ToHaveTextAsync("sso-team:Operator");

        // With her browser session: operating in her organisation is allowed, changing it is not, and the other organisation does not exist for her.
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(dana, "POST", $"/api/v1/workflows/{teamFlow}/runs", new { })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(dana, "POST", $"/api/v1/workflows?organizationId={team}", workflow)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(dana, "GET", $"/api/v1/workflows/{defaultFlow}", null)).Status);
        var organizations = JsonDocument.Parse((await SendAsync(dana, "GET", "/api/v1/organizations", null)).Body).RootElement;
        Assert.Equal(["sso-team"], organizations.EnumerateArray().Select(o => o.GetProperty("slug").GetString()));

        await settings.DeleteRoleMappingAsync("/windflow/sso-team/operators");
        await Assertions.Expect(settings.RoleMappings).ToHaveCountAsync(2);
        var audit = JsonDocument.Parse((await SendAsync(admin, "GET", "/api/v1/audit?action=settings.role_mapping.*", null)).Body).RootElement.GetProperty("items");
        Assert.Equal(["settings.role_mapping.deleted", "settings.role_mapping.created"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        // The next sign-in replaces the provider's grants: no rule matches, so the default role only.
        await dana.GotoAsync("/");
        await new Shell(dana).WaitForCircuitAsync();
        await new Shell(dana).LogOutAsync();
        await Assertions.Expect(dana).ToHaveURLAsync(new Regex("/login\\?loggedOut=1$"));
        await SignInThroughProviderAsync(dana, "dana");
        await dana.GotoAsync("/account/profile");
        await Assertions.Expect(dana.GetByTestId("profile-grants")).ToHaveTextAsync("default:Viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(dana, "POST", $"/api/v1/workflows/{teamFlow}/runs", new { })).Status);
    }

    [Fact]
    public async Task UnmappedUsersFromSettings_RefusedThenOperatorThenConfigurationAgain_AppliedAtEachSignIn()
    {
        var (provider, app) = await StartAsync("Default");
        await using var _ = provider;
        await using var __ = app;
        var (adminContext, admin) = await SignInAdminAsync(app);
        await using var ___ = adminContext;
        IdOf(await SendAsync(admin, "POST", "/api/v1/organizations", new { name = "Newcomers", slug = "newcomers" }), HttpStatusCode.Created);
        var settings = new AdministrationPages(admin);
        await admin.GotoAsync("/administration/authentication");
        await new Shell(admin).WaitForCircuitAsync();
        await Assertions.Expect(settings.UnmappedRow.GetByTestId("role-mapping-unmapped-source")).ToHaveTextAsync("From configuration");
        await Assertions.Expect(settings.UnmappedRow.GetByTestId("role-mapping-unmapped-grant")).ToHaveTextAsync("Viewer of 'default'");

        // Refused from the settings page, although configuration grants a default role.
        await settings.SetUnmappedAsync("Are refused");
        await Assertions.Expect(settings.UnmappedRow.GetByTestId("role-mapping-unmapped-source")).ToHaveTextAsync("From settings");
        await Assertions.Expect(settings.UnmappedRow.GetByTestId("role-mapping-unmapped-grant")).ToHaveTextAsync("Sign-in refused");
        await using (var refusedContext = await NewBobPageAsync(app))
        {
            var bob = refusedContext.Pages[0];
            await SignInThroughProviderAsync(bob, "bob", expectSignedIn: false);
            await Assertions.Expect(bob).ToHaveURLAsync(new Regex("/login\\?ssoError=no-role$"));
        }

        await settings.SetUnmappedAsync("Get a role", "Operator", "Newcomers (newcomers)");
        await Assertions.Expect(settings.UnmappedRow.GetByTestId("role-mapping-unmapped-grant")).ToHaveTextAsync("Operator of 'newcomers'");
        await using (var grantedContext = await NewBobPageAsync(app))
        {
            var bob = grantedContext.Pages[0];
            await SignInThroughProviderAsync(bob, "bob");
            await bob.GotoAsync("/account/profile");
            await Assertions.Expect(bob.GetByTestId("profile-grants")).ToHaveTextAsync("newcomers:Operator");
        }

        // Back to configuration: the default organisation's viewer role again.
        await admin.GetByTestId("unmapped-reset").ClickAsync();
        await Assertions.Expect(settings.UnmappedRow.GetByTestId("role-mapping-unmapped-source")).ToHaveTextAsync("From configuration");
        await Assertions.Expect(settings.UnmappedRow.GetByTestId("role-mapping-unmapped-grant")).ToHaveTextAsync("Viewer of 'default'");
        await using (var defaultContext = await NewBobPageAsync(app))
        {
            var bob = defaultContext.Pages[0];
            await SignInThroughProviderAsync(bob, "bob");
            await bob.GotoAsync("/account/profile");
            await Assertions.Expect(bob.GetByTestId("profile-grants")).ToHaveTextAsync("default:Viewer");
        }

        var audit = JsonDocument.Parse((await SendAsync(admin, "GET", "/api/v1/audit?action=settings.role_mapping.*", null)).Body).RootElement.GetProperty("items");
        Assert.Equal(
            ["settings.role_mapping.unmapped_reset", "settings.role_mapping.unmapped_changed", "settings.role_mapping.unmapped_changed"],
            audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    // The bootstrap admin, signed in with the local form.
    private async Task<(IBrowserContext Context, IPage Page)> SignInAdminAsync(AppProcess app)
    {
        var (context, page, _) = await browser.NewPageAsync(app.BaseUrl);
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync("admin", "correct-horse-battery");
        await new Shell(page).WaitForCircuitAsync();
        return (context, page);
    }

    // A fresh browser context each time: the provider's own session would otherwise skip its login form.
    private async Task<IBrowserContext> NewBobPageAsync(AppProcess app)
    {
        var (context, _, _) = await browser.NewPageAsync(app.BaseUrl);
        return context;
    }

    private sealed record Answer(HttpStatusCode Status, string Body);

    // The page's request context carries its signed-in cookie.
    private static async Task<Answer> SendAsync(IPage page, string method, string path, object? body)
    {
        var response = await page.APIRequest.FetchAsync(path, new()
        {
            Method = method,
            DataString = body is null ? null : JsonSerializer.Serialize(body),
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });
        return new Answer((HttpStatusCode)response.Status, await response.TextAsync());
    }

    private static string IdOf(Answer answer, HttpStatusCode expected)
    {
        Assert.True(answer.Status == expected, $"answered {answer.Status}: {answer.Body}");
        return JsonDocument.Parse(answer.Body).RootElement.GetProperty("id").GetString()!;
    }
}
