using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web.Organizations;

/// <summary>
/// One app with two organisations, A (acme) and B (globex): a viewer, an operator and an admin of
/// A, an admin of B, and in A a target on an unreachable engine, a stack, a deployment of it and
/// that deployment's finished run. Built through the API as the bootstrap super admin.
/// </summary>
public sealed class OrganizationFixture : IAsyncLifetime
{
    public const string Password = WindFlowAppFactory.DefaultAdminPassword;

    // Nothing listens on the discard port: engine calls fail at once with "connection refused".
    public const string DeadEndpoint = "tcp://127.0.0.1:9";

    public const string Template = """
        services:
          app:
            image: busybox:latest
        """;

    public WindFlowAppFactory App { get; } = new();

    public HttpClient SuperAdmin { get; private set; } = null!;

    public string OrganizationA { get; private set; } = "";

    public string OrganizationB { get; private set; } = "";

    public string TargetA { get; private set; } = "";

    public string StackA { get; private set; } = "";

    public string DeploymentA { get; private set; } = "";

    public string RunA { get; private set; } = "";

    public string WorkflowA { get; private set; } = "";

    public string WorkflowRunA { get; private set; } = "";

    public async Task InitializeAsync()
    {
        SuperAdmin = await App.CreateApiClientAsync();
        OrganizationA = await CreateOrganizationAsync("acme");
        OrganizationB = await CreateOrganizationAsync("globex");
        await CreateMemberAsync("viewer-a", OrganizationA, "viewer");
        await CreateMemberAsync("operator-a", OrganizationA, "operator");
        await CreateMemberAsync("admin-a", OrganizationA, "admin");
        await CreateMemberAsync("admin-b", OrganizationB, "admin");
        TargetA = await CreateTargetAsync(OrganizationA);
        StackA = await CreateStackAsync(OrganizationA);
        (DeploymentA, RunA) = await DeploymentApi.DeployAsync(SuperAdmin, StackA, TargetA, "app-a", new { });
        // A finished run keeps its event stream short: the stream ends at once.
        await DeploymentApi.WaitForRunAsync(SuperAdmin, RunA);
        WorkflowA = await CreateWorkflowAsync(OrganizationA);
        using var started = await SuperAdmin.SendJsonAsync(HttpMethod.Post, $"/api/v1/workflows/{WorkflowA}/runs", new { input = new { } });
        WorkflowRunA = (await AssertJsonAsync(started, HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
        await DeploymentApi.WaitUntilAsync(async () =>
        {
            using var run = await SuperAdmin.GetAsync($"/api/v1/workflow-runs/{WorkflowRunA}");
            return (await AssertJsonAsync(run, HttpStatusCode.OK)).GetProperty("status").GetString() is "succeeded" or "failed";
        });
    }

    /// <summary>A two-node workflow (manual trigger, set a variable) in <paramref name="organizationId"/>.</summary>
    public async Task<string> CreateWorkflowAsync(string organizationId)
    {
        using var response = await SuperAdmin.SendJsonAsync(HttpMethod.Post, $"/api/v1/workflows?organizationId={organizationId}", new
        {
            name = TargetApiTests.UniqueName("w"),
            nodes = new object[]
            {
                new { id = "t", type = "trigger.manual", config = new { } },
                new { id = "s", type = "logic.set", config = new { values = new { done = true } } },
            },
            edges = new[] { new { from = "t", to = "s" } },
        });
        return (await AssertJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    public async Task<HttpClient> ClientAsync(string userName)
    {
        var client = App.CreateClient();
        var tokens = await WindFlowAppFactory.RequestTokensAsync(client, userName, Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    public async Task<string> CreateOrganizationAsync(string slug)
    {
        using var response = await SuperAdmin.SendJsonAsync(HttpMethod.Post, "/api/v1/organizations", new { name = slug.ToUpperInvariant(), slug });
        return (await AssertJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>Creates an account and, when <paramref name="organizationId"/> is given, makes it a member with <paramref name="role"/>; returns its id.</summary>
    public async Task<string> CreateMemberAsync(string userName, string? organizationId, string role)
    {
        using var created = await SuperAdmin.SendJsonAsync(HttpMethod.Post, "/api/v1/users", new { username = userName, email = $"{userName}@example.test", password = Password });
        var id = (await AssertJsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        if (organizationId is not null)
        {
            using var member = await SuperAdmin.SendJsonAsync(HttpMethod.Post, $"/api/v1/organizations/{organizationId}/members", new { username = userName, role });
            await AssertJsonAsync(member, HttpStatusCode.Created);
        }

        return id;
    }

    public async Task<string> CreateTargetAsync(string organizationId)
    {
        using var response = await SuperAdmin.SendJsonAsync(HttpMethod.Post, $"/api/v1/targets?organizationId={organizationId}", new { name = TargetApiTests.UniqueName("t"), endpoint = DeadEndpoint });
        return (await AssertJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    public async Task<string> CreateStackAsync(string organizationId)
    {
        using var response = await SuperAdmin.SendJsonAsync(HttpMethod.Post, $"/api/v1/stacks?organizationId={organizationId}", new { name = TargetApiTests.UniqueName("s"), template = Template });
        return (await AssertJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status) => await AssertJsonAsync(response, status);

    public async Task DisposeAsync()
    {
        SuperAdmin?.Dispose();
        await App.DisposeAsync();
    }
}
