using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WindFlow.Core.Organizations;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.E2E;

/// <summary>A super admin sets up organisations, users and roles in the browser, and the people concerned see the effect.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public sealed partial class AdministrationUiTests(BrowserFixture browser)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    [Fact]
    public async Task SuperAdmin_SetsUpOrganisationAndMember_MemberSeesWhatTheirRoleAllows()
    {
        await using var app = await StartAsync();
        var (adminContext, adminPage, errors) = await browser.NewPageAsync(app.BaseUrl);
        await using var _ = adminContext;
        var admin = new AdministrationPages(adminPage);
        await SignInAsync(adminPage, Admin);

        // Organisation, with its standard environments and one of the admin's own.
        await new Shell(adminPage).OpenSectionAsync("administration");
        await adminPage.GetByTestId("admin-authentication").WaitForAsync();
        await adminPage.GetByTestId("admin-organizations").ClickAsync();
        await admin.CreateOrganizationAsync("Acme", "acme");
        await Assertions.Expect(adminPage).ToHaveURLAsync(OrganizationAddress());
        var organizationId = OrganizationAddress().Match(adminPage.Url).Groups[1].Value;
        await Assertions.Expect(admin.EnvironmentRows).ToHaveCountAsync(3);
        await admin.AddCustomEnvironmentAsync("qa");
        await Assertions.Expect(admin.EnvironmentRows).ToHaveCountAsync(4);
        await admin.RemoveEnvironmentAsync("qa");
        await Assertions.Expect(admin.EnvironmentRows).ToHaveCountAsync(3);
        await Assertions.Expect(admin.EnvironmentRows.Filter(new() { HasText = "qa" })).ToHaveCountAsync(0);

        // Renamed; a new slug is confirmed first, since sign-in role mappings may name the old one.
        await admin.RenameOrganizationAsync("Acme Corp", "acme-corp");
        await Assertions.Expect(adminPage.GetByTestId("page-title")).ToHaveTextAsync("Acme Corp");
        await Assertions.Expect(adminPage.GetByTestId("org-slug-value")).ToHaveTextAsync("acme-corp");
        await adminPage.ReloadAsync();
        await new Shell(adminPage).WaitForCircuitAsync();
        await Assertions.Expect(adminPage.GetByTestId("org-slug-value")).ToHaveTextAsync("acme-corp");

        using (var api = await DeploymentApi.SignedInClientAsync(app, Admin, Password))
        {
            using var stack = await api.PostAsJsonAsync($"/api/v1/stacks?organizationId={organizationId}", new { name = "web", template = DeploymentApi.IdleStack, variables = new { } });
            await AssertJsonAsync(stack, HttpStatusCode.Created);
        }

        // A new account, added as a viewer.
        await adminPage.GotoAsync("/administration/users");
        await admin.CreateUserAsync("olga", Password);
        await Assertions.Expect(adminPage.GetByTestId("user-created")).ToContainTextAsync("olga created");
        await admin.OpenUserAsync("olga");
        await adminPage.GetByTestId("user-email-edit").FillAsync("olga@acme.example");
        await adminPage.GetByTestId("user-email-edit").BlurAsync();
        await adminPage.GetByTestId("user-email-save").ClickAsync();
        await Assertions.Expect(adminPage.GetByTestId("user-email-save")).ToBeDisabledAsync();
        await adminPage.ReloadAsync();
        await new Shell(adminPage).WaitForCircuitAsync();
        await Assertions.Expect(adminPage.GetByTestId("user-email-edit")).ToHaveValueAsync("olga@acme.example");
        await adminPage.GotoAsync($"/administration/organizations/{organizationId}/members");
        await admin.AddMemberAsync("olga", "Viewer");
        await Assertions.Expect(admin.MemberRole("olga")).ToContainTextAsync("Viewer");

        // The viewer sees the organisation, and no button the permission table would refuse.
        var (olgaContext, olgaPage, olgaErrors) = await browser.NewPageAsync(app.BaseUrl);
        await using var __ = olgaContext;
        await SignInAsync(olgaPage, "olga");
        await Assertions.Expect(olgaPage.GetByTestId("org-switcher")).ToContainTextAsync("Acme");
        await olgaPage.GotoAsync("/stacks");
        await new Shell(olgaPage).WaitForCircuitAsync();
        await Assertions.Expect(olgaPage.GetByTestId("stack-deploy")).ToBeDisabledAsync();
        await Assertions.Expect(olgaPage.GetByTestId("stack-delete")).ToBeDisabledAsync();
        await Assertions.Expect(olgaPage.GetByTestId("new-stack")).ToBeDisabledAsync();
        // Reached by address, administration pages refuse.
        await olgaPage.GotoAsync($"/administration/organizations/{organizationId}/members");
        await Assertions.Expect(new AdministrationPages(olgaPage).Refused).ToBeVisibleAsync();
        await Assertions.Expect(olgaPage.GetByTestId("member-row")).ToHaveCountAsync(0);

        // Promoted to operator: deploying opens up, creating stacks stays with admins.
        await admin.ChangeRoleAsync("olga", "Operator");
        await Assertions.Expect(admin.MemberRole("olga")).ToContainTextAsync("Operator");
        await olgaPage.GotoAsync("/stacks");
        await new Shell(olgaPage).WaitForCircuitAsync();
        await Assertions.Expect(olgaPage.GetByTestId("stack-deploy")).ToBeEnabledAsync();
        await Assertions.Expect(olgaPage.GetByTestId("stack-delete")).ToBeDisabledAsync();
        await Assertions.Expect(olgaPage.GetByTestId("new-stack")).ToBeDisabledAsync();
        // Long after the circuit started, the sidebar still has no administration entry for her (the admin's has one).
        await Assertions.Expect(olgaPage.GetByTestId("nav-stacks")).ToBeVisibleAsync();
        await Assertions.Expect(olgaPage.GetByTestId("nav-administration")).ToHaveCountAsync(0);

        Assert.Empty(errors);
        Assert.Empty(olgaErrors);
    }

    [Fact]
    public async Task SuperAdmin_DeactivatesUserAndTriesToDemoteThemself_SignInIsBlockedAndTheLastSuperAdminStays()
    {
        await using var app = await StartAsync();
        string apiKey;
        using (var api = await DeploymentApi.SignedInClientAsync(app, Admin, Password))
        {
            using var created = await api.PostAsJsonAsync("/api/v1/users", new { username = "dora", password = Password });
            await AssertJsonAsync(created, HttpStatusCode.Created);
            using var member = await api.PostAsJsonAsync($"/api/v1/organizations/{Organization.DefaultId}/members", new { username = "dora", role = "operator" });
            await AssertJsonAsync(member, HttpStatusCode.Created);
            using var dora = await DeploymentApi.SignedInClientAsync(app, "dora", Password);
            using var key = await dora.PostAsJsonAsync("/api/v1/auth/api-keys", new { name = "ci-deploy" });
            apiKey = (await AssertJsonAsync(key, HttpStatusCode.Created)).GetProperty("key").GetString()!;
        }

        var (context, page, errors) = await browser.NewPageAsync(app.BaseUrl);
        await using var _ = context;
        var admin = new AdministrationPages(page);
        await SignInAsync(page, Admin);

        // The user page lists memberships and keys, never a key's secret or any part of it.
        await admin.OpenUserAsync("dora");
        await Assertions.Expect(page.GetByTestId("user-membership")).ToContainTextAsync("operator");
        await Assertions.Expect(page.GetByTestId("user-api-key")).ToContainTextAsync("ci-deploy");
        Assert.DoesNotContain(apiKey[..12], await page.ContentAsync(), StringComparison.Ordinal);

        await admin.ToggleActiveAsync("Deactivate");
        await Assertions.Expect(admin.UserState).ToHaveTextAsync("deactivated");
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithKeyAsync(app, apiKey));
        var (doraContext, doraPage, _) = await browser.NewPageAsync(app.BaseUrl);
        await using (doraContext)
        {
            // A deactivated account is answered like a wrong password, so the form does not reveal which accounts exist.
            await doraPage.GotoAsync("/login");
            var login = new LoginPage(doraPage);
            await login.SignInAsync("dora", Password);
            await Assertions.Expect(login.Error).ToContainTextAsync("user name or password is incorrect");
            await Assertions.Expect(doraPage).ToHaveURLAsync(new Regex("/login"));
        }

        // Reactivated, the same password lets her in again: it was the deactivation that kept her out.
        await admin.ToggleActiveAsync("");
        await Assertions.Expect(admin.UserState).ToHaveTextAsync("active");
        Assert.Equal(HttpStatusCode.OK, await MeWithKeyAsync(app, apiKey));
        var (againContext, againPage, _) = await browser.NewPageAsync(app.BaseUrl);
        await using (againContext)
        {
            await SignInAsync(againPage, "dora");
            await Assertions.Expect(againPage.GetByTestId("page-title")).ToHaveTextAsync("Dashboard");
        }

        // The only super admin cannot take the flag off themself: the service's reason is shown.
        await admin.OpenUserAsync(Admin);
        await admin.ToggleSuperAdminAsync("Remove super admin");
        await Assertions.Expect(admin.OperationError).ToContainTextAsync("last super admin");
        await Assertions.Expect(page.GetByTestId("user-super-admin")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("user-super-admin")).ToBeVisibleAsync();

        Assert.Empty(errors);
    }

    private static Task<AppProcess> StartAsync() => AppProcess.StartAsync(new Dictionary<string, string>
    {
        ["WINDFLOW_ADMIN_USER"] = Admin,
        ["WINDFLOW_ADMIN_PASSWORD"] = Password,
        ["Docker__AutoRegisterLocal"] = "false",
    });

    private static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/login");
        await new LoginPage(page).SignInAsync(userName, Password);
        await new Shell(page).WaitForCircuitAsync();
    }

    private static async Task<HttpStatusCode> MeWithKeyAsync(AppProcess app, string apiKey)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        using var response = await client.GetAsync("/api/v1/auth/me");
        return response.StatusCode;
    }

    [GeneratedRegex("/administration/organizations/([0-9a-f-]{36})$")]
    private static partial Regex OrganizationAddress();
}
