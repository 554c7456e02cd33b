using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Workflows;

/// <summary>
/// A run executing on this instance while its cancel or approval reaches another instance of a
/// cluster, which can only store it: the processor's periodic sync must carry it into the run.
/// </summary>
public sealed class WorkflowRunSyncTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = new WorkflowEngineOptions().StoreSyncInterval;

    private readonly WorkflowHarness _h = new();
    private readonly WorkflowRunProcessor _processor;

    public WorkflowRunSyncTests() =>
        _processor = new WorkflowRunProcessor(_h.Runner, _h.Store, _h.Bus, Options.Create(new WorkflowEngineOptions()), _h.Clock, NullLogger<WorkflowRunProcessor>.Instance);

    [Fact]
    public async Task CancelStoredByAnotherInstance_NextSyncCancelsTheRunningNode()
    {
        var run = await SavedAsync(G.Of(G.Trigger(), G.Node("d", "action.delay", new JsonObject { ["seconds"] = 60 }), G.Step("prod")).Chain("t", "d", "prod"));

        var executing = _processor.ExecuteAsync(run.Id, CancellationToken.None);
        await _h.Store.WaitForAsync("d", NodeRunStatus.Running);
        await _h.Store.RequestCancelAsync(run.Id, _h.Clock.GetUtcNow(), CancellationToken.None);
        await _h.Clock.WaitForTimerAsync(Interval);
        _h.Clock.Advance(Interval);
        await executing.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Cancelled, run.Status);
        Assert.Equal(NodeRunStatus.Cancelled, run.Nodes["d"].Status);
        Assert.Equal(NodeRunStatus.Cancelled, run.Nodes["prod"].Status);
        Assert.Equal(0, _h.Steps.Count("prod"));
    }

    [Fact]
    public async Task ApprovalStoredByAnotherInstance_NextSyncContinuesWithThatDecision()
    {
        var run = await SavedAsync(G.Of(G.Trigger(), G.Node("ok", "action.approval", new JsonObject { ["message"] = "Ship?" }), G.Step("prod")).Chain("t", "ok", "prod"));

        var executing = _processor.ExecuteAsync(run.Id, CancellationToken.None);
        await _h.Store.WaitForAsync("ok", NodeRunStatus.WaitingForApproval);
        await _h.Clock.WaitForTimerAsync(Interval);
        // A sync with nothing decided elsewhere leaves it waiting.
        Assert.False(await _h.Runner.SyncWithStoreAsync(run.Id, CancellationToken.None));
        Assert.Equal(NodeRunStatus.WaitingForApproval, run.Nodes["ok"].Status);

        _h.Store.StoredElsewhere[(run.Id, "ok")] = new NodeRun("ok", NodeRunStatus.Succeeded)
        {
            Attempt = 1,
            Output = new JsonObject { ["approved"] = true, ["by"] = "dana" },
            FinishedAt = _h.Clock.GetUtcNow(),
        };
        _h.Clock.Advance(Interval);
        await executing.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal("dana", run.Nodes["ok"].Output?["by"]?.GetValue<string>());
        Assert.Equal(1, _h.Steps.Count("prod"));
    }

    [Fact]
    public async Task RejectionStoredByAnotherInstance_FailsTheRun()
    {
        var run = await SavedAsync(G.Of(G.Trigger(), G.Node("ok", "action.approval", new JsonObject { ["message"] = "Ship?" }), G.Step("prod")).Chain("t", "ok", "prod"));

        var executing = _processor.ExecuteAsync(run.Id, CancellationToken.None);
        await _h.Store.WaitForAsync("ok", NodeRunStatus.WaitingForApproval);
        _h.Store.StoredElsewhere[(run.Id, "ok")] = new NodeRun("ok", NodeRunStatus.Failed) { Attempt = 1, Error = "Rejected by erin" };
        await _h.Clock.WaitForTimerAsync(Interval);
        _h.Clock.Advance(Interval);
        await executing.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Equal("Rejected by erin", run.Nodes["ok"].Error);
        Assert.Equal(0, _h.Steps.Count("prod"));
    }

    [Fact]
    public async Task ResumedWithAStoredCancelRequest_StartsNoNode()
    {
        var run = await SavedAsync(G.Of(G.Trigger(), G.Step("a")).Edge("t", "a"));
        run.CancelRequestedAt = _h.Clock.GetUtcNow();

        await _processor.ExecuteAsync(run.Id, CancellationToken.None).WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Cancelled, run.Status);
        Assert.Empty(_h.Steps.Started);
        Assert.All(run.Nodes.Values, n => Assert.Equal(NodeRunStatus.Cancelled, n.Status));
        Assert.DoesNotContain(_h.Store.NodeSaves, n => n.Status == NodeRunStatus.Running);
    }

    private async Task<WorkflowRun> SavedAsync(WorkflowGraph graph)
    {
        var run = _h.Create(graph);
        await _h.Store.SaveRunAsync(run, CancellationToken.None);
        return run;
    }
}
