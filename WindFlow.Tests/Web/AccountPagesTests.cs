using System.Net;
using System.Net.Http.Headers;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Web;

/// <summary>The static server-rendered account pages, driven as plain HTTP form posts.</summary>
[Trait("Category", "Integration")]
public sealed class AccountPagesTests(WindFlowAppFactory app) : IClassFixture<WindFlowAppFactory>
{
    private const string AuthCookie = "windflow.auth";
    private const string User = WindFlowAppFactory.DefaultAdminUserName;
    private const string Password = WindFlowAppFactory.DefaultAdminPassword;

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/stacks")]
    public async Task Get_NoAdminYet_RedirectsToSetup(string path)
    {
        await using var fresh = NoAdminApp();
        using var client = fresh.CreateFormClient();

        using var response = await client.GetAsync(path);

        AssertRedirect(response, "/setup");
    }

    [Fact]
    public async Task Setup_FormPosted_CreatesAdminThenSetupRedirectsToLogin()
    {
        await using var fresh = NoAdminApp();
        using var client = fresh.CreateFormClient();
        var form = FormClient.FindForm(await client.GetPageAsync("/setup"), "setup");
        Assert.Contains("Input.UserName", form.InputNames);

        using var posted = await client.PostFormAsync("/setup", "setup", SetupFields("first-admin", "first-admin-password"));
        using var setupAgain = await client.GetAsync("/setup");

        AssertRedirect(posted, "/login?setup=done");
        AssertRedirect(setupAgain, "/login");
        using var api = fresh.CreateClient();
        var tokens = await WindFlowAppFactory.RequestTokensAsync(api, "first-admin", "first-admin-password");
        Assert.Equal(3, tokens.AccessToken.Split('.').Length);
    }

    [Fact]
    public async Task Setup_ShortPassword_ShowsErrorAndCreatesNoAdmin()
    {
        await using var fresh = NoAdminApp();
        using var client = fresh.CreateFormClient();

        using var posted = await client.PostFormAsync("/setup", "setup", SetupFields("first-admin", "too-short"));
        var html = await posted.Content.ReadAsStringAsync();
        using var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("at least 12 characters", html, StringComparison.Ordinal);
        AssertRedirect(home, "/setup");
    }

    [Fact]
    public async Task Login_RightPassword_SetsHttpOnlyLaxCookieAndRedirectsHome()
    {
        using var client = app.CreateFormClient();

        using var response = await client.PostFormAsync("/login", "login", LoginFields(Password));

        AssertRedirect(response, "/");
        var cookie = Assert.Single(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
    }

    [Fact]
    public async Task Home_AfterLogin_RendersDashboard()
    {
        using var client = app.CreateFormClient();
        using (var login = await client.PostFormAsync("/login", "login", LoginFields(Password)))
        {
            AssertRedirect(login, "/");
        }

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Dashboard", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"system-info\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_Anonymous_RedirectsToLogin()
    {
        using var client = app.CreateFormClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", LocalPath(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_Returns400()
    {
        using var client = app.CreateFormClient();

        using var response = await client.PostFormAsync("/login", "login", LoginFields(Password), withAntiforgeryToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WrongPassword_ShowsIncorrectAndSetsNoCookie()
    {
        using var client = app.CreateFormClient();

        using var response = await client.PostFormAsync("/login", "login", LoginFields("not-the-password"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("incorrect", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        // A success resets the failure count, so the shared admin never drifts towards lockout.
        using var reset = await client.PostFormAsync("/login", "login", LoginFields(Password));
        AssertRedirect(reset, "/");
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_ShowsLockedEvenForRightPassword()
    {
        await using var fresh = new WindFlowAppFactory();
        using var client = fresh.CreateFormClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await client.PostFormAsync("/login", "login", LoginFields($"wrong-password-{attempt}"));
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await client.PostFormAsync("/login", "login", LoginFields(Password));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies(right), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/health")]
    [InlineData("/api/v1/auth/me")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/no-such-page")]
    public async Task Get_AnyResponse_CarriesSecurityHeaders(string path)
    {
        using var client = app.CreateFormClient();

        using var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Logout_WithAntiforgeryToken_ClearsCookieAndRedirectsToLogin()
    {
        using var client = app.CreateFormClient();
        using (var login = await client.PostFormAsync("/login", "login", LoginFields(Password)))
        {
            AssertRedirect(login, "/");
        }

        // The logout form sits in the header of every signed-in page.
        using var response = await client.PostFormAsync("/", "wf-logout-form", new Dictionary<string, string>());
        using var home = await client.GetAsync("/");

        AssertRedirect(response, "/login?loggedOut=1");
        var cleared = Assert.Single(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        Assert.Contains("expires=thu, 01 jan 1970", cleared.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.StartsWith("/login", LocalPath(home), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRejectedAndKeepsSession()
    {
        using var client = app.CreateFormClient();
        using (var login = await client.PostFormAsync("/login", "login", LoginFields(Password)))
        {
            AssertRedirect(login, "/");
        }

        using var response = await client.PostFormAsync("/", "wf-logout-form", new Dictionary<string, string>(), withAntiforgeryToken: false);
        using var home = await client.GetAsync("/");

        // The browser lands on the error page (or gets a 400); either way the session survives.
        Assert.NotEqual("/login?loggedOut=1", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task BlazorScript_Get_ServesJavaScriptWithETag()
    {
        using var client = app.CreateFormClient();

        using var response = await client.GetAsync("/_framework/blazor.web.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100_000);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task BlazorScript_IfNoneMatchCurrentETag_Returns304()
    {
        using var client = app.CreateFormClient();
        using var first = await client.GetAsync("/_framework/blazor.web.js");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/_framework/blazor.web.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task BlazorScript_AcceptsGzip_ServesCompressedScript()
    {
        using var client = app.CreateFormClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_framework/blazor.web.js");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.InRange(bytes.Length, 1000, 100_000);
    }

    private static WindFlowAppFactory NoAdminApp() => new() { AdminUserName = null, AdminPassword = null };

    private static Dictionary<string, string> SetupFields(string userName, string password) => new()
    {
        ["Input.UserName"] = userName,
        ["Input.Email"] = "",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    private static Dictionary<string, string> LoginFields(string password) => new()
    {
        ["Input.UserName"] = User,
        ["Input.Password"] = password,
    };

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    private static string LocalPath(HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        Assert.True(location is not null, $"{(int)response.StatusCode} without a Location header.");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    private static void AssertRedirect(HttpResponseMessage response, string expected)
    {
        Assert.True(
            response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther,
            $"Expected a redirect to {expected}, got {(int)response.StatusCode}.");
        Assert.Equal(expected, LocalPath(response));
    }
}
