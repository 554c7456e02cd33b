using System.Net;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web.Organizations;

/// <summary>Organisations, members and users through the real API: isolation between organisations and anti-escalation.</summary>
[Trait("Category", "Integration")]
public sealed class OrganizationApiTests(OrganizationFixture fixture) : IClassFixture<OrganizationFixture>
{
    [Fact]
    public async Task Names_UniqueWithinAnOrganisation_FreeAcrossThem()
    {
        // A name refused because another tenant uses it would reveal that tenant's names.
        var name = TargetApiTests.UniqueName("shared");
        using var adminA = await fixture.ClientAsync("admin-a");
        using var adminB = await fixture.ClientAsync("admin-b");
        var requests = new (string Url, Func<int, object> Body)[]
        {
            ("/api/v1/stacks", _ => new { name, template = OrganizationFixture.Template }),
            ("/api/v1/targets", i => new { name, endpoint = $"tcp://127.0.0.{i + 10}:9" }),
            ("/api/v1/workflows", _ => new { name, nodes = new[] { new { id = "t", type = "trigger.manual", config = new { } } }, edges = Array.Empty<object>() }),
        };

        foreach (var (url, body) in requests)
        {
            using var inA = await adminA.SendJsonAsync(HttpMethod.Post, url, body(1));
            using var inB = await adminB.SendJsonAsync(HttpMethod.Post, url, body(2));
            using var againInB = await adminB.SendJsonAsync(HttpMethod.Post, url, body(3));

            await AssertJsonAsync(inA, HttpStatusCode.Created);
            await AssertJsonAsync(inB, HttpStatusCode.Created);
            await AssertProblemAsync(againInB, HttpStatusCode.Conflict);
        }
    }

    [Fact]
    public async Task AdminOfB_OrganizationAResourcesById_AnswersNotFoundAndChangesNothing()
    {
        using var adminB = await fixture.ClientAsync("admin-b");
        var reads = new[]
        {
            $"/api/v1/targets/{fixture.TargetA}",
            $"/api/v1/stacks/{fixture.StackA}",
            $"/api/v1/deployments/{fixture.DeploymentA}",
            $"/api/v1/runs/{fixture.RunA}",
            $"/api/v1/organizations/{fixture.OrganizationA}/members",
        };
        foreach (var url in reads)
        {
            using var response = await adminB.GetAsync(url);
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }

        using var renameTarget = await adminB.SendJsonAsync(HttpMethod.Put, $"/api/v1/targets/{fixture.TargetA}", new { name = "stolen", endpoint = OrganizationFixture.DeadEndpoint });
        using var deleteStack = await adminB.DeleteAsync($"/api/v1/stacks/{fixture.StackA}");
        using var stopDeployment = await adminB.PostAsync($"/api/v1/deployments/{fixture.DeploymentA}/stop", null);
        using var joinA = await adminB.SendJsonAsync(HttpMethod.Post, $"/api/v1/organizations/{fixture.OrganizationA}/members", new { username = "admin-b", role = "admin" });
        await AssertProblemAsync(renameTarget, HttpStatusCode.NotFound);
        await AssertProblemAsync(deleteStack, HttpStatusCode.NotFound);
        await AssertProblemAsync(stopDeployment, HttpStatusCode.NotFound);
        await AssertProblemAsync(joinA, HttpStatusCode.NotFound);

        using var target = await fixture.SuperAdmin.GetAsync($"/api/v1/targets/{fixture.TargetA}");
        using var stack = await fixture.SuperAdmin.GetAsync($"/api/v1/stacks/{fixture.StackA}");
        using var members = await fixture.SuperAdmin.GetAsync($"/api/v1/organizations/{fixture.OrganizationA}/members");
        Assert.NotEqual("stolen", (await AssertJsonAsync(target, HttpStatusCode.OK)).GetProperty("name").GetString());
        await AssertJsonAsync(stack, HttpStatusCode.OK);
        Assert.DoesNotContain("admin-b", (await AssertJsonAsync(members, HttpStatusCode.OK)).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_MemberOfOneOrganization_SeeOnlyTheirOrganization()
    {
        var targetB = await fixture.CreateTargetAsync(fixture.OrganizationB);
        using var viewerA = await fixture.ClientAsync("viewer-a");
        using var adminB = await fixture.ClientAsync("admin-b");

        using var targetsA = await viewerA.GetAsync("/api/v1/targets");
        using var targetsB = await adminB.GetAsync("/api/v1/targets");
        using var organizations = await viewerA.GetAsync("/api/v1/organizations");
        using var explicitB = await viewerA.GetAsync($"/api/v1/targets?organizationId={fixture.OrganizationB}");
        using var headerB = await viewerA.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/stacks") { Headers = { { "X-WindFlow-Organization", fixture.OrganizationB } } });

        var listA = (await AssertJsonAsync(targetsA, HttpStatusCode.OK)).EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        var listB = (await AssertJsonAsync(targetsB, HttpStatusCode.OK)).EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        Assert.Contains(fixture.TargetA, listA);
        Assert.DoesNotContain(targetB, listA);
        Assert.Equal([targetB], listB);
        Assert.Equal(["acme"], (await AssertJsonAsync(organizations, HttpStatusCode.OK)).EnumerateArray().Select(o => o.GetProperty("slug").GetString()));
        await AssertProblemAsync(explicitB, HttpStatusCode.NotFound);
        await AssertProblemAsync(headerB, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Members_AdminGrantsRoles_ButNobodyGrantsAboveTheirOwn()
    {
        var organization = await fixture.CreateOrganizationAsync(TargetApiTests.UniqueName("esc"));
        await fixture.CreateMemberAsync("esc-admin-" + organization[..8], organization, "admin");
        await fixture.CreateMemberAsync("esc-op-" + organization[..8], organization, "operator");
        var newcomer = await fixture.CreateMemberAsync("esc-new-" + organization[..8], null, "viewer");
        using var admin = await fixture.ClientAsync("esc-admin-" + organization[..8]);
        using var op = await fixture.ClientAsync("esc-op-" + organization[..8]);

        using var operatorPromotesSelf = await op.SendJsonAsync(HttpMethod.Post, $"/api/v1/organizations/{organization}/members", new { username = "esc-op-" + organization[..8], role = "admin" });
        using var added = await admin.SendJsonAsync(HttpMethod.Post, $"/api/v1/organizations/{organization}/members", new { username = "esc-new-" + organization[..8], role = "operator" });
        using var promoted = await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/organizations/{organization}/members/{newcomer}", new { role = "admin" });
        using var badRole = await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/organizations/{organization}/members/{newcomer}", new { role = "owner" });
        using var adminMakesSuperAdmin = await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{newcomer}", new { isSuperAdmin = true });
        using var adminCreatesOrganization = await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/organizations", new { name = "Mine", slug = "mine" });

        await AssertProblemAsync(operatorPromotesSelf, HttpStatusCode.Forbidden);
        Assert.Equal("operator", (await AssertJsonAsync(added, HttpStatusCode.Created)).GetProperty("role").GetString());
        Assert.Equal("admin", (await AssertJsonAsync(promoted, HttpStatusCode.OK)).GetProperty("role").GetString());
        await AssertProblemAsync(badRole, HttpStatusCode.BadRequest);
        await AssertProblemAsync(adminMakesSuperAdmin, HttpStatusCode.Forbidden);
        await AssertProblemAsync(adminCreatesOrganization, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Users_LastSuperAdmin_CannotBeDemotedOrDeactivated_AndDeactivatedUsersCannotSignIn()
    {
        using var me = await fixture.SuperAdmin.GetAsync("/api/v1/auth/me");
        var rootId = (await AssertJsonAsync(me, HttpStatusCode.OK)).GetProperty("id").GetString();
        using var demote = await fixture.SuperAdmin.SendJsonAsync(HttpMethod.Put, $"/api/v1/users/{rootId}", new { isSuperAdmin = false });
        using var deactivate = await fixture.SuperAdmin.DeleteAsync($"/api/v1/users/{rootId}");
        await AssertProblemAsync(demote, HttpStatusCode.Conflict);
        await AssertProblemAsync(deactivate, HttpStatusCode.Conflict);

        var leaver = await fixture.CreateMemberAsync("leaver", fixture.OrganizationA, "operator");
        using var before = await fixture.ClientAsync("leaver");
        using var deactivated = await fixture.SuperAdmin.DeleteAsync($"/api/v1/users/{leaver}");
        using var afterwards = await before.GetAsync("/api/v1/targets");
        using var client = fixture.App.CreateClient();
        using var signIn = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/token", new { username = "leaver", password = OrganizationFixture.Password });
        using var user = await fixture.SuperAdmin.GetAsync($"/api/v1/users/{leaver}");

        Assert.Equal(HttpStatusCode.NoContent, deactivated.StatusCode);
        await AssertProblemAsync(afterwards, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False((await AssertJsonAsync(user, HttpStatusCode.OK)).GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task Organizations_CreateWithStandardEnvironments_DeleteRefusedWhileItOwnsResources()
    {
        var slug = TargetApiTests.UniqueName("org");
        using var created = await fixture.SuperAdmin.SendJsonAsync(HttpMethod.Post, "/api/v1/organizations", new { name = "Org", slug });
        var id = (await AssertJsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString();
        using var duplicate = await fixture.SuperAdmin.SendJsonAsync(HttpMethod.Post, "/api/v1/organizations", new { name = "Again", slug });
        using var badSlug = await fixture.SuperAdmin.SendJsonAsync(HttpMethod.Post, "/api/v1/organizations", new { name = "Bad", slug = "Not A Slug" });
        using var environments = await fixture.SuperAdmin.GetAsync($"/api/v1/organizations/{id}/environments");
        using var custom = await fixture.SuperAdmin.SendJsonAsync(HttpMethod.Post, $"/api/v1/organizations/{id}/environments", new { name = "qa" });
        await fixture.CreateTargetAsync(id!);
        using var refused = await fixture.SuperAdmin.DeleteAsync($"/api/v1/organizations/{id}");

        await AssertProblemAsync(duplicate, HttpStatusCode.Conflict);
        await AssertProblemAsync(badSlug, HttpStatusCode.BadRequest);
        Assert.Equal(["development", "staging", "production"], (await AssertJsonAsync(environments, HttpStatusCode.OK)).EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("custom", (await AssertJsonAsync(custom, HttpStatusCode.Created)).GetProperty("kind").GetString());
        await AssertProblemAsync(refused, HttpStatusCode.Conflict);

        var empty = await fixture.CreateOrganizationAsync(TargetApiTests.UniqueName("empty"));
        using var deleted = await fixture.SuperAdmin.DeleteAsync($"/api/v1/organizations/{empty}");
        using var gone = await fixture.SuperAdmin.GetAsync($"/api/v1/organizations/{empty}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Environments_Delete_RefusedWhileItHoldsTargetsOrIsTheLastOne()
    {
        var busy = await fixture.CreateOrganizationAsync(TargetApiTests.UniqueName("busy"));
        await fixture.CreateTargetAsync(busy);
        var busyEnvironments = await EnvironmentIdsAsync(busy);
        using var holdsTarget = await fixture.SuperAdmin.DeleteAsync($"/api/v1/organizations/{busy}/environments/{busyEnvironments["development"]}");
        using var elsewhere = await fixture.SuperAdmin.DeleteAsync($"/api/v1/organizations/{fixture.OrganizationA}/environments/{busyEnvironments["staging"]}");

        var empty = await fixture.CreateOrganizationAsync(TargetApiTests.UniqueName("lean"));
        var emptyEnvironments = await EnvironmentIdsAsync(empty);
        using var staging = await fixture.SuperAdmin.DeleteAsync($"/api/v1/organizations/{empty}/environments/{emptyEnvironments["staging"]}");
        using var production = await fixture.SuperAdmin.DeleteAsync($"/api/v1/organizations/{empty}/environments/{emptyEnvironments["production"]}");
        using var last = await fixture.SuperAdmin.DeleteAsync($"/api/v1/organizations/{empty}/environments/{emptyEnvironments["development"]}");

        Assert.Contains("Targets are still placed", (await AssertProblemAsync(holdsTarget, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        // An environment is removed only through its own organisation.
        await AssertProblemAsync(elsewhere, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, staging.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, production.StatusCode);
        Assert.Contains("at least one environment", (await AssertProblemAsync(last, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(["development"], (await EnvironmentIdsAsync(empty)).Keys);
        Assert.Equal(3, (await EnvironmentIdsAsync(busy)).Count);
    }

    private async Task<Dictionary<string, string>> EnvironmentIdsAsync(string organizationId)
    {
        using var response = await fixture.SuperAdmin.GetAsync($"/api/v1/organizations/{organizationId}/environments");
        return (await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("id").GetString()!);
    }
}
