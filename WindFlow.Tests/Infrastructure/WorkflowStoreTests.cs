using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Infrastructure.Secrets;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure;

/// <summary>The EF workflow store on a migrated database: what the engine saves is what a restart reads back.</summary>
public abstract class WorkflowStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    protected abstract Task<IDbContextFactory<WindFlowDbContext>> CreateMigratedAsync();

    [Fact]
    public async Task SaveRunAndNodes_GetAsync_RoundTripsEveryField()
    {
        var store = new EfWorkflowStore(await CreateMigratedAsync(), TimeProvider.System);
        var workflow = await AddWorkflowAsync(store);
        var run = NewRun(workflow);
        await store.AddRunAsync(run, "alice", CancellationToken.None);

        run.Status = WorkflowRunStatus.Running;
        run.StartedAt = Now;
        run.Vars["tag"] = "v2";
        await store.SaveRunAsync(run, CancellationToken.None);
        var node = new NodeRun("h", NodeRunStatus.Succeeded)
        {
            Attempt = 2,
            Input = new JsonObject { ["url"] = "http://127.0.0.1/x" },
            Output = new JsonObject { ["status"] = 200, ["body"] = "ok" },
            Ports = ["out"],
            Logs = ["GET http://127.0.0.1/x", "HTTP 200"],
            StartedAt = Now,
            FinishedAt = Now.AddSeconds(1),
        };
        await store.SaveNodeAsync(run.Id, node, CancellationToken.None);
        await store.SaveNodeAsync(run.Id, new NodeRun("a", NodeRunStatus.WaitingForApproval) { Attempt = 1, ApprovalDeadline = Now.AddHours(1) }, CancellationToken.None);

        var loaded = await store.GetAsync(run.Id, CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(WorkflowRunStatus.Running, loaded.Status);
        Assert.Equal(Now, loaded.StartedAt);
        Assert.Equal("v2", loaded.Vars["tag"]!.GetValue<string>());
        Assert.Equal("webhook", loaded.Trigger!["type"]!.GetValue<string>());
        Assert.Equal(["t", "h", "a"], loaded.Graph.Nodes.Select(n => n.Id));
        var h = loaded.Nodes["h"];
        Assert.Equal(NodeRunStatus.Succeeded, h.Status);
        Assert.Equal(2, h.Attempt);
        Assert.Equal(200, h.Output!["status"]!.GetValue<int>());
        Assert.Equal("http://127.0.0.1/x", h.Input!["url"]!.GetValue<string>());
        Assert.Equal(["out"], h.Ports!);
        Assert.Equal(node.Logs, h.Logs);
        Assert.Equal(Now.AddSeconds(1), h.FinishedAt);
        Assert.Equal(NodeRunStatus.WaitingForApproval, loaded.Nodes["a"].Status);
        Assert.Equal(Now.AddHours(1), loaded.Nodes["a"].ApprovalDeadline);
        Assert.Equal(NodeRunStatus.Pending, loaded.Nodes["t"].Status);
    }

    [Fact]
    public async Task ListRuns_FiltersAndUnfinished_DeleteCascades()
    {
        var store = new EfWorkflowStore(await CreateMigratedAsync(), TimeProvider.System);
        var workflow = await AddWorkflowAsync(store);
        var done = NewRun(workflow);
        done.Status = WorkflowRunStatus.Succeeded;
        await store.AddRunAsync(done, null, CancellationToken.None);
        var open = NewRun(workflow);
        open.CreatedAt = Now.AddMinutes(1);
        await store.AddRunAsync(open, null, CancellationToken.None);

        Assert.Equal([open.Id, done.Id], (await store.ListRunsAsync(workflow.Id, null, 10, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal([done.Id], (await store.ListRunsAsync(null, WorkflowRunStatus.Succeeded, 10, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal([open.Id], await store.ListUnfinishedRunsAsync(workflow.Id, CancellationToken.None));

        await store.SetWebhookHashAsync(workflow.Id, new string('a', 64), CancellationToken.None);
        Assert.Equal(workflow.Id, (await store.FindWebhookAsync(new string('a', 64), CancellationToken.None))?.WorkflowId);
        await store.DeleteAsync(workflow.Id, CancellationToken.None);

        Assert.Null(await store.GetAsync(open.Id, CancellationToken.None));
        Assert.Null(await store.FindWebhookAsync(new string('a', 64), CancellationToken.None));
        Assert.Empty(await store.VersionsAsync(workflow.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CancelRequestAndRemoteDecision_SurviveTheExecutingInstancesWholeRunSave()
    {
        // Two instances of a cluster: "here" executes the run, "there" was asked to approve and to cancel.
        var store = new EfWorkflowStore(await CreateMigratedAsync(), TimeProvider.System);
        var workflow = await AddWorkflowAsync(store);
        var here = NewRun(workflow);
        await store.AddRunAsync(here, null, CancellationToken.None);
        here.Status = WorkflowRunStatus.Running;
        here.Nodes["a"] = new NodeRun("a", NodeRunStatus.WaitingForApproval) { Attempt = 1 };
        await store.SaveRunAsync(here, CancellationToken.None);
        var before = await ControlAsync(store, here.Id, "a");
        Assert.Null(before!.CancelRequestedAt);
        Assert.Empty(before.DecidedNodes);

        var approved = new NodeRun("a", NodeRunStatus.Succeeded) { Attempt = 1, Output = new JsonObject { ["by"] = "dana" }, FinishedAt = Now };
        await store.SaveNodeAsync(here.Id, approved, CancellationToken.None);
        await store.RequestCancelAsync(here.Id, Now, CancellationToken.None);
        await store.RequestCancelAsync(here.Id, Now.AddMinutes(5), CancellationToken.None);
        // The executing instance's copy still says waiting when it next saves the whole run.
        here.Vars["x"] = 1;
        await store.SaveRunAsync(here, CancellationToken.None);

        var control = await ControlAsync(store, here.Id, "a");
        Assert.Equal(Now, control!.CancelRequestedAt);
        Assert.Equal("dana", Assert.Single(control.DecidedNodes).Output!["by"]!.GetValue<string>());
        var loaded = await store.GetAsync(here.Id, CancellationToken.None);
        Assert.Equal(NodeRunStatus.Succeeded, loaded!.Nodes["a"].Status);
        Assert.Equal(Now, loaded.CancelRequestedAt);
        Assert.Null(await store.GetControlAsync(Guid.NewGuid(), ["a"], CancellationToken.None));
    }

    [Fact]
    public async Task Secrets_SetThenGet_StoredProtectedReadBackPlain()
    {
        var contexts = await CreateMigratedAsync();
        var protector = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());
        var secrets = new EfWorkflowSecrets(contexts, protector, TimeProvider.System);

        await secrets.SetAsync("SLACK_URL", "https://hooks.example/very-secret", CancellationToken.None);
        await secrets.SetAsync("SLACK_URL", "https://hooks.example/rotated-secret", CancellationToken.None);

        Assert.Equal("https://hooks.example/rotated-secret", await secrets.GetAsync("SLACK_URL", CancellationToken.None));
        Assert.Null(await secrets.GetAsync("MISSING", CancellationToken.None));
        await using var db = await contexts.CreateDbContextAsync();
        var stored = await db.Set<WorkflowSecretRecord>().SingleAsync();
        Assert.DoesNotContain("secret", stored.ProtectedValue, StringComparison.Ordinal);
    }

    private static Task<RunControl?> ControlAsync(EfWorkflowStore store, Guid runId, params string[] waiting) =>
        store.GetControlAsync(runId, waiting, CancellationToken.None);

    private static async Task<Workflow> AddWorkflowAsync(EfWorkflowStore store)
    {
        var graph = WorkflowGraphJson.Read("""
            {"nodes": [{"id": "t", "type": "trigger.webhook"}, {"id": "h", "type": "action.http", "config": {"method": "GET", "url": "http://127.0.0.1/x"}},
                       {"id": "a", "type": "action.approval", "config": {"message": "ok?"}}],
             "edges": [{"from": "t", "to": "h"}, {"from": "h", "to": "a"}]}
            """);
        var workflow = new Workflow { Id = Guid.NewGuid(), Name = "wf-" + Guid.NewGuid().ToString("N")[..8], Version = 1, Graph = graph, CreatedAt = Now, UpdatedAt = Now };
        await store.AddAsync(workflow, new WorkflowVersion { Id = Guid.NewGuid(), WorkflowId = workflow.Id, Number = 1, GraphJson = WorkflowGraphJson.Write(graph), CreatedAt = Now }, CancellationToken.None);
        return workflow;
    }

    private static WorkflowRun NewRun(Workflow workflow) => new()
    {
        Id = Guid.NewGuid(),
        WorkflowId = workflow.Id,
        WorkflowVersion = 1,
        Graph = workflow.Graph,
        Trigger = new JsonObject { ["type"] = "webhook", ["body"] = new JsonObject { ["tag"] = "v2" } },
        CreatedAt = Now,
        Nodes = workflow.Graph.Nodes.ToDictionary(n => n.Id, n => new NodeRun(n.Id, NodeRunStatus.Pending), StringComparer.Ordinal),
    };
}

public sealed class SqliteWorkflowStoreTests : WorkflowStoreTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("windflow-wfstore-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<IDbContextFactory<WindFlowDbContext>> CreateMigratedAsync() => MigratedDatabases.SqliteAsync(_directory);
}

[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PostgresWorkflowStoreTests(PostgresServer server) : WorkflowStoreTests
{
    protected override Task<IDbContextFactory<WindFlowDbContext>> CreateMigratedAsync() => MigratedDatabases.PostgresAsync(server);
}
