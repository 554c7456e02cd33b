using System.Net;
using System.Text;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.WorkflowApi;

namespace WindFlow.Tests.Web.Workflows;

/// <summary>The workflow API on the real app (SQLite, Quartz, Kestrel on 127.0.0.1): save, run, webhook, approvals.</summary>
public sealed class WorkflowApiTests(KestrelWindFlowApp app) : IClassFixture<KestrelWindFlowApp>
{
    [Fact]
    public async Task Templates_ListedInStoredFormat_EachSavesAsAWorkflow()
    {
        using var client = await app.CreateApiClientAsync();
        using var response = await client.GetAsync("/api/v1/workflow-templates");
        var templates = await AssertJsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(["deploy-on-webhook", "nightly-maintenance", "staging-to-production"], templates.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        foreach (var template in templates.EnumerateArray())
        {
            // What the editor does with "New from template": the same document, under a name of one's own.
            var document = System.Text.Json.Nodes.JsonNode.Parse(template.GetRawText())!.AsObject();
            document.Remove("id");
            document["name"] = TargetApiTests.UniqueName(template.GetProperty("id").GetString()!);
            using var saved = await client.PostAsync("/api/v1/workflows", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(template.GetProperty("nodes").GetArrayLength(), (await AssertJsonAsync(saved, HttpStatusCode.Created)).GetProperty("nodes").GetArrayLength());
        }
    }

    [Fact]
    public async Task CreateGetUpdate_ValidGraph_SavesVersionsInStoredFormat()
    {
        using var client = await app.CreateApiClientAsync();
        var name = TargetApiTests.UniqueName("wf");
        var id = await CreateAsync(client, Workflow(name, [Manual("t"), Http("h", "http://127.0.0.1:9/x")], [new { from = "t", to = "h" }], "first"));

        using (var response = await client.GetAsync($"/api/v1/workflows/{id}"))
        {
            var workflow = await AssertJsonAsync(response, HttpStatusCode.OK);
            Assert.Equal(name, workflow.GetProperty("name").GetString());
            Assert.Equal(1, workflow.GetProperty("version").GetInt32());
            Assert.Equal(["t", "h"], workflow.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
            Assert.Equal("http://127.0.0.1:9/x", workflow.GetProperty("nodes")[1].GetProperty("config").GetProperty("url").GetString());
            Assert.Equal("h", workflow.GetProperty("edges")[0].GetProperty("to").GetString());
        }

        var changed = Workflow(name, [Manual("t"), Http("h", "http://127.0.0.1:9/y"), Delay("d", 0)], [new { from = "t", to = "h" }, new { from = "h", to = "d" }]);
        using (var response = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/workflows/{id}", changed))
        {
            var workflow = await AssertJsonAsync(response, HttpStatusCode.OK);
            Assert.Equal(2, workflow.GetProperty("version").GetInt32());
            Assert.Equal(3, workflow.GetProperty("nodes").GetArrayLength());
        }

        using (var response = await client.GetAsync($"/api/v1/workflows/{id}/versions"))
        {
            var versions = await AssertJsonAsync(response, HttpStatusCode.OK);
            Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
            Assert.Equal(WindFlowAppFactory.DefaultAdminUserName, versions[0].GetProperty("author").GetString());
        }

        using (var response = await client.GetAsync($"/api/v1/workflows/{id}?version=1"))
        {
            var first = await AssertJsonAsync(response, HttpStatusCode.OK);
            Assert.Equal(1, first.GetProperty("version").GetInt32());
            Assert.Equal("http://127.0.0.1:9/x", first.GetProperty("nodes")[1].GetProperty("config").GetProperty("url").GetString());
        }

        using (var response = await client.DeleteAsync($"/api/v1/workflows/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await AssertProblemAsync(await client.GetAsync($"/api/v1/workflows/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_InvalidGraph_Returns400WithNodeProblems()
    {
        using var client = await app.CreateApiClientAsync();
        var name = TargetApiTests.UniqueName("bad");
        var invalid = Workflow(
            name,
            [Manual("t"), new { id = "h", type = "action.http", config = new { method = "GET" } }, new { id = "x", type = "action.nope", config = new { } }],
            [new { from = "t", to = "h" }, new { from = "h", to = "x" }]);

        using var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/workflows", invalid);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains("nodes.h.url", fields);
        Assert.Contains(fields, f => f.StartsWith("nodes.x", StringComparison.Ordinal));
        using var list = await client.GetAsync("/api/v1/workflows");
        Assert.DoesNotContain(name, await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ManualRun_HttpToOwnHealth_SucceedsWithStatus200()
    {
        using var client = await app.CreateApiClientAsync();
        var health = new Uri(app.BaseAddress, "/api/health").ToString();
        var id = await CreateAsync(client, Workflow(
            TargetApiTests.UniqueName("health"),
            [Manual("t"), Http("h", health, expectedStatus: 200)],
            [new { from = "t", to = "h" }]));

        var runId = await StartAsync(client, id, new { reason = "test" });
        var run = await WaitFinishedAsync(client, runId);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("manual", run.GetProperty("trigger").GetProperty("type").GetString());
        Assert.Equal("test", run.GetProperty("trigger").GetProperty("body").GetProperty("reason").GetString());
        var h = Node(run, "h");
        Assert.Equal("succeeded", h.GetProperty("status").GetString());
        Assert.Equal(200, h.GetProperty("output").GetProperty("status").GetInt32());
        Assert.Equal(1, h.GetProperty("attempt").GetInt32());
        Assert.Equal("succeeded", Node(run, "t").GetProperty("status").GetString());

        using var runs = await client.GetAsync($"/api/v1/workflows/{id}/runs");
        Assert.Contains((await AssertJsonAsync(runs, HttpStatusCode.OK)).EnumerateArray(), r => r.GetProperty("id").GetString() == runId);
    }

    [Fact]
    public async Task ManualRun_UnexpectedStatus_FailsTheNodeAndTheRun()
    {
        using var client = await app.CreateApiClientAsync();
        var missing = new Uri(app.BaseAddress, "/api/health").ToString();
        var id = await CreateAsync(client, Workflow(
            TargetApiTests.UniqueName("expect"),
            [Manual("t"), Http("h", missing, expectedStatus: 201), Delay("after", 0)],
            [new { from = "t", to = "h" }, new { from = "h", to = "after" }]));

        var run = await WaitFinishedAsync(client, await StartAsync(client, id));

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal("failed", Node(run, "h").GetProperty("status").GetString());
        Assert.Contains("201", Node(run, "h").GetProperty("error").GetString());
        Assert.NotEqual("succeeded", Node(run, "after").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Webhook_GoodToken_StartsRunWithBody_BadTokenRefused()
    {
        using var client = await app.CreateApiClientAsync();
        var id = await CreateAsync(client, Workflow(
            TargetApiTests.UniqueName("hook"),
            [new { id = "w", type = "trigger.webhook", config = new { } }, new { id = "s", type = "logic.set", config = new { values = new { tag = "{{ trigger.body.tag }}" } } }],
            [new { from = "w", to = "s" }]));
        using var tokenResponse = await client.PostAsync($"/api/v1/workflows/{id}/webhook-token", null);
        var token = (await AssertJsonAsync(tokenResponse, HttpStatusCode.OK)).GetProperty("token").GetString()!;
        Assert.StartsWith("wf_wh_", token);

        using var anonymous = app.CreateClient();
        using var bad = await anonymous.PostAsync($"/api/v1/hooks/{token}x", Json(new { tag = "evil" }));
        await AssertProblemAsync(bad, HttpStatusCode.NotFound);
        using var good = await anonymous.PostAsync($"/api/v1/hooks/{token}", Json(new { tag = "v2.1" }));
        var runId = (await AssertJsonAsync(good, HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;

        var run = await WaitFinishedAsync(client, runId);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("webhook", run.GetProperty("trigger").GetProperty("type").GetString());
        Assert.Equal("v2.1", run.GetProperty("trigger").GetProperty("body").GetProperty("tag").GetString());
        Assert.Equal("v2.1", run.GetProperty("vars").GetProperty("tag").GetString());
        using var runs = await client.GetAsync($"/api/v1/workflow-runs?workflowId={id}");
        // Only the good token started a run.
        Assert.Equal(1, (await AssertJsonAsync(runs, HttpStatusCode.OK)).GetArrayLength());

        // Rotating the token retires the old one.
        using var rotated = await client.PostAsync($"/api/v1/workflows/{id}/webhook-token", null);
        await AssertJsonAsync(rotated, HttpStatusCode.OK);
        await AssertProblemAsync(await anonymous.PostAsync($"/api/v1/hooks/{token}", Json(new { tag = "old" })), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Approval_ApproveThenReject_ContinuesOrFailsTheRun()
    {
        using var client = await app.CreateApiClientAsync();
        var id = await CreateAsync(client, Workflow(
            TargetApiTests.UniqueName("approve"),
            [Manual("t"), new { id = "a", type = "action.approval", config = new { message = "Ship it?" } }, Delay("d", 0)],
            [new { from = "t", to = "a" }, new { from = "a", to = "d" }]));

        var approvedRun = await StartAsync(client, id);
        await WaitAsync(client, approvedRun, r => Node(r, "a").GetProperty("status").GetString() == "waitingForApproval");
        using (var response = await client.PostAsync($"/api/v1/workflow-runs/{approvedRun}/nodes/a/approve", null))
        {
            await AssertJsonAsync(response, HttpStatusCode.OK);
        }

        var approved = await WaitFinishedAsync(client, approvedRun);
        Assert.Equal("succeeded", approved.GetProperty("status").GetString());
        Assert.Equal(WindFlowAppFactory.DefaultAdminUserName, Node(approved, "a").GetProperty("output").GetProperty("by").GetString());
        Assert.Equal("succeeded", Node(approved, "d").GetProperty("status").GetString());
        // A decided node cannot be decided again.
        await AssertProblemAsync(await client.PostAsync($"/api/v1/workflow-runs/{approvedRun}/nodes/a/reject", null), HttpStatusCode.Conflict);

        var rejectedRun = await StartAsync(client, id);
        await WaitAsync(client, rejectedRun, r => Node(r, "a").GetProperty("status").GetString() == "waitingForApproval");
        using (var response = await client.PostAsync($"/api/v1/workflow-runs/{rejectedRun}/nodes/a/reject", null))
        {
            await AssertJsonAsync(response, HttpStatusCode.OK);
        }

        var rejected = await WaitFinishedAsync(client, rejectedRun);
        Assert.Equal("failed", rejected.GetProperty("status").GetString());
        Assert.Equal("failed", Node(rejected, "a").GetProperty("status").GetString());
        Assert.NotEqual("succeeded", Node(rejected, "d").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approval_ApproverRoleAdmin_OperatorRefusedAdminDecides()
    {
        using var client = await app.CreateApiClientAsync();
        var organization = WindFlow.Core.Organizations.Organization.DefaultId.ToString();
        using var operatorClient = await app.CreateMemberClientAsync(organization, "operator");
        using var adminClient = await app.CreateMemberClientAsync(organization, "admin");
        var id = await CreateAsync(client, Workflow(
            TargetApiTests.UniqueName("approver"),
            [Manual("t"), new { id = "a", type = "action.approval", config = new { message = "Ship it?", approverRole = "Admin" } }],
            [new { from = "t", to = "a" }]));
        var runId = await StartAsync(client, id);
        await WaitAsync(client, runId, r => Node(r, "a").GetProperty("status").GetString() == "waitingForApproval");

        var refused = await AssertProblemAsync(await operatorClient.PostAsync($"/api/v1/workflow-runs/{runId}/nodes/a/approve", null), HttpStatusCode.Forbidden);
        using var stillWaiting = await client.GetAsync($"/api/v1/workflow-runs/{runId}");
        Assert.Equal("waitingForApproval", Node(await AssertJsonAsync(stillWaiting, HttpStatusCode.OK), "a").GetProperty("status").GetString());
        using (var approved = await adminClient.PostAsync($"/api/v1/workflow-runs/{runId}/nodes/a/approve", null))
        {
            await AssertJsonAsync(approved, HttpStatusCode.OK);
        }

        Assert.Contains("admin role", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("succeeded", (await WaitFinishedAsync(client, runId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ManualRun_InputForm_RefusesMissingFieldsAndPassesTheAnswers()
    {
        using var client = await app.CreateApiClientAsync();
        var form = new { TAG = new { type = "string", required = true } };
        var id = await CreateAsync(client, Workflow(
            TargetApiTests.UniqueName("form"),
            [new { id = "t", type = "trigger.manual", config = new { inputForm = JsonSerializer.Serialize(form) } }, new { id = "s", type = "logic.set", config = new { values = new { tag = "{{ trigger.body.TAG }}" } } }],
            [new { from = "t", to = "s" }]));

        using var refused = await client.PostAsync($"/api/v1/workflows/{id}/runs", Json(new { input = new { } }));
        var problem = await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        using var unknown = await client.PostAsync($"/api/v1/workflows/{id}/runs", Json(new { input = new Dictionary<string, string> { ["TAG"] = "v7", ["EXTRA"] = "x" } }));
        var extra = await AssertProblemAsync(unknown, HttpStatusCode.BadRequest);
        var runId = await StartAsync(client, id, new Dictionary<string, string> { ["TAG"] = "v7" });

        Assert.True(problem.GetProperty("errors").TryGetProperty("input.TAG", out _), problem.ToString());
        Assert.Equal("'EXTRA' is not a field of the input form.", extra.GetProperty("errors").GetProperty("input.EXTRA")[0].GetString());
        var run = await WaitFinishedAsync(client, runId);
        Assert.Equal("v7", Node(run, "s").GetProperty("output").GetProperty("tag").GetString());
    }

    [Fact]
    public async Task Cancel_RunningDelay_EndsCancelled()
    {
        using var client = await app.CreateApiClientAsync();
        var id = await CreateAsync(client, Workflow(TargetApiTests.UniqueName("cancel"), [Manual("t"), Delay("d", 600)], [new { from = "t", to = "d" }]));
        var runId = await StartAsync(client, id);
        await WaitAsync(client, runId, r => Node(r, "d").GetProperty("status").GetString() == "running");

        using var response = await client.PostAsync($"/api/v1/workflow-runs/{runId}/cancel", null);
        var cancelled = await AssertJsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", Node(cancelled, "d").GetProperty("status").GetString());
        await AssertProblemAsync(await client.PostAsync($"/api/v1/workflow-runs/{runId}/cancel", null), HttpStatusCode.Conflict);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
