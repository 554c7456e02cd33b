using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WindFlow.Core.Auditing;
using WindFlow.Core.Organizations;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

/// <summary>The app with every log line captured, so tests can prove what never reaches the logs.</summary>
public sealed class AuditAppFactory : WindFlowAppFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(Logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
    }
}

[Trait("Category", "Integration")]
public sealed class AuditApiTests(AuditAppFactory app) : IClassFixture<AuditAppFactory>
{
    [Fact]
    public async Task SignIn_RightPassword_LeavesOneSignedInEventForTheAccount()
    {
        using var anonymous = app.CreateClient();
        using var admin = await app.CreateApiClientAsync();
        var before = (await QueryAsync(admin, "action=auth.signed_in&user=admin")).GetProperty("total").GetInt32();

        await WindFlowAppFactory.RequestTokensAsync(anonymous);

        var page = await QueryAsync(admin, "action=auth.signed_in&user=admin");
        Assert.Equal(before + 1, page.GetProperty("total").GetInt32());
        var e = page.GetProperty("items")[0];
        using var me = await admin.GetAsync("/api/v1/auth/me");
        Assert.Equal((await AssertJsonAsync(me, HttpStatusCode.OK)).GetProperty("id").GetString(), e.GetProperty("userId").GetString());
        Assert.Equal(("admin", "user", "succeeded"), (e.GetProperty("userName").GetString(), e.GetProperty("resourceType").GetString(), e.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task SignIn_WrongPassword_LeavesOneFailedEventWithTheNameTriedAndNoPassword()
    {
        var name = "ghost-" + Guid.NewGuid().ToString("N")[..8];
        var password = "Wrong-Pa55-" + Guid.NewGuid().ToString("N");
        using var anonymous = app.CreateClient();
        using var admin = await app.CreateApiClientAsync();

        using var refused = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password });

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var page = await QueryAsync(admin, $"user={name}");
        var e = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(("auth.sign_in_failed", "failed"), (e.GetProperty("action").GetString(), e.GetProperty("outcome").GetString()));
        Assert.Equal(JsonValueKind.Null, e.GetProperty("userId").ValueKind);
        await AssertNowhereAsync(password);
    }

    [Fact]
    public async Task StackMutations_EachLeavesExactlyOneEventWithTheRightFields()
    {
        using var admin = await app.CreateApiClientAsync();
        var stackId = await DeploymentApi.CreateStackAsync(admin, "services:\n  web:\n    image: nginx:1.27\n", new Dictionary<string, object>());
        using (var updated = await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/stacks/{stackId}", new { name = TargetApiTests.UniqueName("stack"), template = "services:\n  web:\n    image: nginx:1.28\n", variables = new Dictionary<string, object>() }))
        {
            await AssertJsonAsync(updated, HttpStatusCode.OK);
        }

        using (var archived = await admin.PostAsync($"/api/v1/stacks/{stackId}/archive", null))
        {
            Assert.True(archived.IsSuccessStatusCode, await archived.Content.ReadAsStringAsync());
        }

        using (var deleted = await admin.DeleteAsync($"/api/v1/stacks/{stackId}"))
        {
            Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        }

        var events = (await QueryAsync(admin, $"resource={stackId}")).GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.Equal(["stack.created", "stack.updated", "stack.archived", "stack.deleted"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.All(events, e =>
        {
            Assert.Equal(("admin", "stack", "succeeded"), (e.GetProperty("userName").GetString(), e.GetProperty("resourceType").GetString(), e.GetProperty("outcome").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("userId").GetString()));
        });
    }

    [Fact]
    public async Task StackImport_LeavesOneImportedEventAndNoCreatedEvent()
    {
        using var admin = await app.CreateApiClientAsync();
        var document = $"metadata:\n  name: {TargetApiTests.UniqueName("imported")}\ntemplate: |\n  services:\n    web:\n      image: nginx:1.27\nvariables: {{}}\n";

        using var imported = await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/stacks/import", new { document });
        var stackId = (await AssertJsonAsync(imported, HttpStatusCode.Created)).GetProperty("id").GetString();

        var e = Assert.Single((await QueryAsync(admin, $"resource={stackId}")).GetProperty("items").EnumerateArray());
        Assert.Equal("stack.imported", e.GetProperty("action").GetString());
    }

    [Fact]
    public async Task TargetMutations_EachLeavesExactlyOneEvent()
    {
        using var admin = await app.CreateApiClientAsync();
        using var created = await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/targets", new { name = TargetApiTests.UniqueName("t"), endpoint = "unix:///tmp/windflow-audit-none.sock" });
        var targetId = (await AssertJsonAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString();
        using var deleted = await admin.DeleteAsync($"/api/v1/targets/{targetId}");
        Assert.True(deleted.IsSuccessStatusCode);

        var actions = (await QueryAsync(admin, $"resource={targetId}")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Reverse();
        Assert.Equal(["target.created", "target.deleted"], actions);
    }

    [Fact]
    public async Task WorkflowChangesRunsAndApprovals_EachLeaveOneEventInTheDefaultOrganisation()
    {
        using var admin = await app.CreateApiClientAsync();
        object[] nodes = [new { id = "t", type = "trigger.manual", config = new { } }, new { id = "a", type = "action.approval", config = new { message = "Go?" } }];
        object[] edges = [new { from = "t", to = "a" }];
        var workflowId = await WorkflowApi.CreateAsync(admin, WorkflowApi.Workflow(TargetApiTests.UniqueName("audited"), nodes, edges));
        var runId = await WorkflowApi.StartAsync(admin, workflowId);
        await WorkflowApi.WaitAsync(admin, runId, r => WorkflowApi.Node(r, "a").GetProperty("status").GetString() == "waitingForApproval");
        using (var approved = await admin.PostAsync($"/api/v1/workflow-runs/{runId}/nodes/a/approve", null))
        {
            await AssertJsonAsync(approved, HttpStatusCode.OK);
        }

        await WorkflowApi.WaitFinishedAsync(admin, runId);
        using (var updated = await admin.SendJsonAsync(HttpMethod.Put, $"/api/v1/workflows/{workflowId}", WorkflowApi.Workflow(TargetApiTests.UniqueName("audited"), nodes, edges)))
        {
            await AssertJsonAsync(updated, HttpStatusCode.OK);
        }

        using (var deleted = await admin.DeleteAsync($"/api/v1/workflows/{workflowId}"))
        {
            Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        }

        var workflowEvents = (await QueryAsync(admin, $"resource={workflowId}")).GetProperty("items").EnumerateArray().Reverse().ToList();
        var runEvents = (await QueryAsync(admin, $"resource={runId}")).GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.Equal(["workflow.created", "workflow.updated", "workflow.deleted"], workflowEvents.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["workflow_run.started", "workflow_run.approved"], runEvents.Select(e => e.GetProperty("action").GetString()));
        Assert.All(workflowEvents.Concat(runEvents), e =>
        {
            Assert.Equal(("admin", "succeeded"), (e.GetProperty("userName").GetString(), e.GetProperty("outcome").GetString()));
            Assert.Equal(Organization.DefaultId.ToString(), e.GetProperty("organizationId").GetString());
        });
    }

    [Fact]
    public async Task OrganisationAdmin_ReadsTheirOrganisationsEventsOnly_IncludingRefusals()
    {
        using var root = await app.CreateApiClientAsync();
        var slug = "audit-" + Guid.NewGuid().ToString("N")[..8];
        using var organization = await root.SendJsonAsync(HttpMethod.Post, "/api/v1/organizations", new { name = slug, slug });
        var organizationId = (await AssertJsonAsync(organization, HttpStatusCode.Created)).GetProperty("id").GetString();
        using var admin = await app.CreateMemberClientAsync(organizationId!, "admin");
        using var viewer = await app.CreateMemberClientAsync(organizationId!, "viewer");

        using (var created = await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/stacks", new { name = TargetApiTests.UniqueName("s"), template = "services:\n  web:\n    image: nginx:1.27\n" }))
        {
            await AssertJsonAsync(created, HttpStatusCode.Created);
        }

        await AssertProblemAsync(await viewer.SendJsonAsync(HttpMethod.Post, "/api/v1/stacks", new { name = TargetApiTests.UniqueName("s"), template = "services: {}\n" }), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await viewer.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);

        var items = (await QueryAsync(admin, "pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, e => Assert.Equal(organizationId, e.GetProperty("organizationId").GetString()));
        Assert.Contains(items, e => e.GetProperty("action").GetString() == "stack.created");
        Assert.Contains(items, e => e.GetProperty("action").GetString() == "member.added");
        var denied = Assert.Single(items, e => e.GetProperty("outcome").GetString() == "denied" && e.GetProperty("action").GetString() == "stack.manage");
        Assert.StartsWith("viewer-", denied.GetProperty("userName").GetString(), StringComparison.Ordinal);
        // The super admin still reads everything, including events that belong to no organisation.
        Assert.Contains((await QueryAsync(root, "action=auth.signed_in")).GetProperty("items").EnumerateArray(), e => e.GetProperty("organizationId").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task SecretValues_NeverAppearInAnyAuditRowOrLogLine()
    {
        var secret = "Sup3r-Secret-" + Guid.NewGuid().ToString("N");
        using var admin = await app.CreateApiClientAsync();
        var stackId = await DeploymentApi.CreateStackAsync(
            admin,
            "services:\n  db:\n    image: windflow-test/busybox:latest\n    environment:\n      PASSWORD: \"{{DB_PASSWORD}}\"\n",
            new Dictionary<string, object> { ["DB_PASSWORD"] = new { type = "password", secret = true, required = true } });
        using var target = await admin.SendJsonAsync(HttpMethod.Post, "/api/v1/targets", new { name = TargetApiTests.UniqueName("t"), endpoint = $"unix:///tmp/windflow-audit-{Guid.NewGuid():N}.sock" });
        var targetId = (await AssertJsonAsync(target, HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var (deploymentId, runId) = await DeploymentApi.DeployAsync(admin, stackId, targetId, "audit-secret", new Dictionary<string, string> { ["DB_PASSWORD"] = secret });
        // The run fails (no engine answers there); its failure is logged and must not carry the value.
        await DeploymentApi.WaitForRunAsync(admin, runId);

        var e = Assert.Single((await QueryAsync(admin, $"resource={deploymentId}")).GetProperty("items").EnumerateArray());
        Assert.Equal("deployment.created", e.GetProperty("action").GetString());
        await AssertNowhereAsync(secret);
    }

    [Fact]
    public async Task Query_ActionPrefixAndPaging_FilterAndPage()
    {
        using var admin = await app.CreateApiClientAsync();
        await DeploymentApi.CreateStackAsync(admin, "services:\n  web:\n    image: nginx:1.27\n", new Dictionary<string, object>());
        await DeploymentApi.CreateStackAsync(admin, "services:\n  web:\n    image: nginx:1.27\n", new Dictionary<string, object>());

        var all = await QueryAsync(admin, "action=stack.*&pageSize=500");
        var second = await QueryAsync(admin, "action=stack.*&pageSize=1&page=2");

        Assert.All(all.GetProperty("items").EnumerateArray(), e => Assert.StartsWith("stack.", e.GetProperty("action").GetString(), StringComparison.Ordinal));
        Assert.True(all.GetProperty("total").GetInt32() >= 2);
        Assert.Equal(all.GetProperty("total").GetInt32(), second.GetProperty("total").GetInt32());
        Assert.Equal(all.GetProperty("items")[1].GetProperty("id").GetInt64(), Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        using var bad = await admin.GetAsync("/api/v1/audit?since=yesterday-ish");
        await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Csv_SameFilters_QuotesCommasQuotesAndFormulas()
    {
        using var anonymous = app.CreateClient();
        using var admin = await app.CreateApiClientAsync();
        var name = $"=cmd,\"x\"{Guid.NewGuid():N}";
        using (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = name, password = "whatever-password" }))
        {
        }

        using var response = await admin.GetAsync($"/api/v1/audit.csv?user={Uri.EscapeDataString(name)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("id,time,userId,userName,", lines[0], StringComparison.Ordinal);
        Assert.Contains($",\"'{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",auth.sign_in_failed,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_Anonymous_IsRefused()
    {
        using var anonymous = app.CreateClient();

        using var response = await anonymous.GetAsync("/api/v1/audit");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Retention_PrunesRowsOlderThanRetentionFromTheDatabase()
    {
        var log = app.Services.GetRequiredService<IAuditLog>();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var marker = Guid.NewGuid().ToString("N");
        await log.AddAsync(new AuditEvent { Time = clock.GetUtcNow().AddDays(-40), UserName = "old", Action = "test.old", ResourceType = "test", ResourceId = marker }, CancellationToken.None);
        await log.AddAsync(new AuditEvent { Time = clock.GetUtcNow().AddDays(-20), UserName = "new", Action = "test.new", ResourceType = "test", ResourceId = marker }, CancellationToken.None);
        var retention = new AuditRetention(log, Microsoft.Extensions.Options.Options.Create(new AuditOptions { RetentionDays = 30 }), clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<AuditRetention>.Instance);

        var pruned = await retention.PruneAsync(CancellationToken.None);

        Assert.True(pruned >= 1);
        var left = await log.QueryAsync(new AuditQuery(Resource: marker), CancellationToken.None);
        Assert.Equal("test.new", Assert.Single(left.Items).Action);
    }

    [Fact]
    public async Task LoginPageAndSignOut_EachLeaveOneEvent_AndAuditAndProfilePagesRender()
    {
        using var admin = await app.CreateApiClientAsync();
        var signedIn = (await QueryAsync(admin, "action=auth.signed_in")).GetProperty("total").GetInt32();
        var signedOut = (await QueryAsync(admin, "action=auth.signed_out")).GetProperty("total").GetInt32();
        using var browser = app.CreateFormClient();

        using (var login = await browser.PostFormAsync("/login", "login", new Dictionary<string, string> { ["Input.UserName"] = "admin", ["Input.Password"] = WindFlowAppFactory.DefaultAdminPassword }))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        var auditPage = await browser.GetPageAsync("/administration/audit");
        var profile = await browser.GetPageAsync("/account/profile");
        using (var logout = await browser.PostFormAsync("/", "wf-logout-form", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }

        Assert.Contains("href=\"/api/v1/audit.csv\"", auditPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"api-keys\"", profile, StringComparison.Ordinal);
        Assert.Equal(signedIn + 1, (await QueryAsync(admin, "action=auth.signed_in")).GetProperty("total").GetInt32());
        var outEvents = await QueryAsync(admin, "action=auth.signed_out");
        Assert.Equal(signedOut + 1, outEvents.GetProperty("total").GetInt32());
        Assert.Equal("admin", outEvents.GetProperty("items")[0].GetProperty("userName").GetString());
    }

    private static async Task<JsonElement> QueryAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/audit?" + query);
        return await AssertJsonAsync(response, HttpStatusCode.OK);
    }

    // Every text column of every audit row, read from the database itself, and every log line.
    private async Task AssertNowhereAsync(string secret)
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<WindFlowDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var rows = await db.AuditEvents.AsNoTracking().ToListAsync();
        Assert.NotEmpty(rows);
        Assert.DoesNotContain(rows, e => $"{e.UserId}|{e.UserName}|{e.Action}|{e.ResourceType}|{e.ResourceId}|{e.IpAddress}|{e.Details}".Contains(secret, StringComparison.Ordinal));
        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }
}
