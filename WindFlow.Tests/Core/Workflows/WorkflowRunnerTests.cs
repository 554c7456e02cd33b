using System.Text.Json.Nodes;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Workflows;

public sealed class WorkflowRunnerTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    private readonly WorkflowHarness _h = new();

    [Fact]
    public async Task RunAsync_Chain_RunsNodesInEdgeOrderAndPassesOutputs()
    {
        var graph = G.Of(G.Step("c", new JsonObject { ["from"] = "{{ nodes.b.output.node }}-{{ trigger.body.tag }}" }), G.Step("b"), G.Step("a"), G.Trigger())
            .Chain("t", "a", "b", "c");

        var run = await _h.RunAsync(graph, new JsonObject { ["body"] = new JsonObject { ["tag"] = "v2" } });

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal(["a", "b", "c"], _h.Steps.Started);
        Assert.All(run.Nodes.Values, n => Assert.Equal(NodeRunStatus.Succeeded, n.Status));
        Assert.Equal("b-v2", run.Nodes["c"].Input?["from"]?.GetValue<string>());
        Assert.Equal(1, run.Nodes["c"].Attempt);
    }

    [Fact]
    public async Task RunAsync_IndependentBranches_OverlapInTime()
    {
        var aStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Steps.Behaviours["a"] = async (_, _) => { aStarted.SetResult(); await bStarted.Task.WaitAsync(Safety); return NodeResult.Success(); };
        _h.Steps.Behaviours["b"] = async (_, _) => { bStarted.SetResult(); await aStarted.Task.WaitAsync(Safety); return NodeResult.Success(); };

        // Each branch finishes only once the other has started: a sequential engine would time out.
        var run = await _h.RunAsync(G.Of(G.Trigger(), G.Step("a"), G.Step("b")).Edge("t", "a").Edge("t", "b"));

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
    }

    [Fact]
    public async Task RunAsync_JoinAll_WaitsForEveryInput()
    {
        var releaseA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Steps.Behaviours["a"] = async (_, _) => { await releaseA.Task.WaitAsync(Safety); return NodeResult.Success(JsonValue.Create("A")); };
        var graph = G.Of(G.Trigger(), G.Step("a"), G.Step("b"), G.Node("j", "logic.join", new JsonObject { ["mode"] = "all" }), G.Step("c"))
            .Edge("t", "a").Edge("t", "b").Edge("a", "j").Edge("b", "j").Edge("j", "c");

        var running = _h.RunAsync(graph);
        await _h.Store.WaitForAsync("b", NodeRunStatus.Succeeded);
        Assert.DoesNotContain(_h.Store.NodeSaves, n => n.NodeId == "j" && n.Status != NodeRunStatus.Pending);
        releaseA.SetResult();
        var run = await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal("A", run.Nodes["j"].Output?["a"]?.GetValue<string>());
        Assert.NotNull(run.Nodes["j"].Output?["b"]);
        Assert.Equal(NodeRunStatus.Succeeded, run.Nodes["c"].Status);
    }

    [Fact]
    public async Task RunAsync_JoinAny_RunsAsSoonAsOneInputIsDone()
    {
        var releaseA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Steps.Behaviours["a"] = async (_, _) => { await releaseA.Task.WaitAsync(Safety); return NodeResult.Success(); };
        var graph = G.Of(G.Trigger(), G.Step("a"), G.Step("b"), G.Node("j", "logic.join", new JsonObject { ["mode"] = "any" }), G.Step("c"))
            .Edge("t", "a").Edge("t", "b").Edge("a", "j").Edge("b", "j").Edge("j", "c");

        var running = _h.RunAsync(graph);
        await _h.Store.WaitForAsync("c", NodeRunStatus.Succeeded);
        Assert.DoesNotContain(_h.Store.NodeSaves, n => n.NodeId == "a" && n.Status == NodeRunStatus.Succeeded);
        releaseA.SetResult();
        var run = await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal(1, _h.Steps.Count("c"));
        Assert.Equal(["b"], run.Nodes["j"].Output!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("v2", "yes", "no")]
    [InlineData("v1", "no", "yes")]
    public async Task RunAsync_Condition_TakesOneBranchAndSkipsTheOther(string tag, string taken, string skipped)
    {
        var graph = G.Of(
                G.Trigger(),
                G.Node("cond", "logic.condition", new JsonObject { ["expression"] = "trigger.body.tag == \"v2\" && !(trigger.body.n < 3)" }),
                G.Step("yes"), G.Step("yes2"), G.Step("no"), G.Step("no2"),
                G.Node("any", "logic.join", new JsonObject { ["mode"] = "any" }),
                G.Node("all", "logic.join", new JsonObject { ["mode"] = "all" }),
                G.Step("afterAll"))
            .Edge("t", "cond").Edge("cond", "yes", NodePorts.True).Edge("cond", "no", NodePorts.False)
            .Edge("yes", "yes2").Edge("no", "no2")
            .Edge("yes2", "any").Edge("no2", "any").Edge("yes2", "all").Edge("no2", "all").Edge("all", "afterAll");

        var run = await _h.RunAsync(graph, new JsonObject { ["body"] = new JsonObject { ["tag"] = tag, ["n"] = 5 } });

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal(NodeRunStatus.Succeeded, run.Nodes[taken].Status);
        Assert.Equal(NodeRunStatus.Succeeded, run.Nodes[taken + "2"].Status);
        Assert.Equal(NodeRunStatus.Skipped, run.Nodes[skipped].Status);
        Assert.Equal(NodeRunStatus.Skipped, run.Nodes[skipped + "2"].Status);
        Assert.Equal(0, _h.Steps.Count(skipped));
        Assert.Equal(NodeRunStatus.Succeeded, run.Nodes["any"].Status);
        Assert.Equal(NodeRunStatus.Skipped, run.Nodes["all"].Status);
        Assert.Equal(NodeRunStatus.Skipped, run.Nodes["afterAll"].Status);
    }

    [Fact]
    public async Task RunAsync_FailingNodeWithRetries_WaitsDoublingDelaysOnTheClock()
    {
        var calls = 0;
        _h.Steps.Behaviours["a"] = (_, _) => Task.FromResult(++calls < 3 ? NodeResult.Failure($"boom {calls}") : NodeResult.Success());
        var graph = G.Of(G.Trigger(), G.Step("a", new JsonObject { ["retries"] = 3, ["retryDelaySeconds"] = 2 })).Edge("t", "a");

        var running = _h.RunAsync(graph);
        await _h.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(1, calls);
        _h.Clock.Advance(TimeSpan.FromSeconds(2));
        await _h.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(4));
        Assert.Equal(2, calls);
        _h.Clock.Advance(TimeSpan.FromSeconds(4));
        var run = await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal(3, run.Nodes["a"].Attempt);
        Assert.Contains(run.Nodes["a"].Logs, l => l.Contains("boom 2", StringComparison.Ordinal) && l.Contains("retrying in 4 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RetriesExhausted_FailsRunAndCancelsTheRest()
    {
        _h.Steps.Behaviours["a"] = (_, _) => Task.FromResult(NodeResult.Failure("still broken"));
        var graph = G.Of(G.Trigger(), G.Step("a", new JsonObject { ["retries"] = 1, ["retryDelaySeconds"] = 1 }), G.Step("b")).Chain("t", "a", "b");

        var running = _h.RunAsync(graph);
        await _h.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var run = await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Equal("Node 'a' failed: still broken", run.Error);
        Assert.Equal((NodeRunStatus.Failed, 2), (run.Nodes["a"].Status, run.Nodes["a"].Attempt));
        Assert.Equal(NodeRunStatus.Cancelled, run.Nodes["b"].Status);
        Assert.Equal(0, _h.Steps.Count("b"));
    }

    [Fact]
    public async Task RunAsync_NodeExceedsTimeout_FailsWithTimeout()
    {
        _h.Steps.Behaviours["a"] = async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return NodeResult.Success(); };
        var graph = G.Of(G.Trigger(), G.Step("a", new JsonObject { ["timeoutSeconds"] = 5 })).Edge("t", "a");

        var running = _h.RunAsync(graph);
        await _h.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        _h.Clock.Advance(TimeSpan.FromSeconds(5));
        var run = await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Equal("Timed out after 5 s", run.Nodes["a"].Error);
    }

    [Fact]
    public async Task RunAsync_DefaultTimeout_Is300Seconds()
    {
        _h.Steps.Behaviours["a"] = async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return NodeResult.Success(); };

        var running = _h.RunAsync(G.Of(G.Trigger(), G.Step("a")).Edge("t", "a"));
        await _h.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(300));
        _h.Clock.Advance(TimeSpan.FromSeconds(300));

        Assert.Equal("Timed out after 300 s", (await running.WaitAsync(Safety)).Nodes["a"].Error);
    }

    [Fact]
    public async Task RunAsync_ContinueOnFail_RecordsFailureAndRunsDownstream()
    {
        _h.Steps.Behaviours["a"] = (_, _) => throw new InvalidOperationException("disk full");
        var graph = G.Of(
                G.Trigger(), G.Step("a", new JsonObject { ["continueOnFail"] = true }),
                G.Node("check", "logic.condition", new JsonObject { ["expression"] = "{{ nodes.a.status == \"failed\" }}" }), G.Step("b"))
            .Chain("t", "a", "check").Edge("check", "b", NodePorts.True);

        var run = await _h.RunAsync(graph);

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal((NodeRunStatus.Failed, "disk full"), (run.Nodes["a"].Status, run.Nodes["a"].Error));
        Assert.Equal(NodeRunStatus.Succeeded, run.Nodes["b"].Status);
    }

    [Fact]
    public async Task RunAsync_Cancelled_CancelsRunningAndPendingNodes()
    {
        _h.Steps.Behaviours["a"] = async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return NodeResult.Success(); };
        using var cancel = new CancellationTokenSource();
        var graph = G.Of(G.Trigger(), G.Step("a"), G.Step("b")).Chain("t", "a", "b");

        var running = _h.RunAsync(graph, cancellationToken: cancel.Token);
        await _h.Store.WaitForAsync("a", NodeRunStatus.Running);
        await cancel.CancelAsync();
        var run = await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Cancelled, run.Status);
        Assert.Equal(NodeRunStatus.Cancelled, run.Nodes["a"].Status);
        Assert.Equal(NodeRunStatus.Cancelled, run.Nodes["b"].Status);
        Assert.Equal(0, _h.Steps.Count("b"));
    }

    [Fact]
    public async Task RunAsync_InterruptedRun_ResumesWithoutRerunningSucceededNodes()
    {
        var graph = G.Of(G.Trigger(), G.Step("a"), G.Step("b"), G.Step("c", new JsonObject { ["v"] = "{{ nodes.a.output.v }}" }))
            .Chain("t", "a", "b", "c");
        var run = _h.Create(graph);
        run.Status = WorkflowRunStatus.Running;
        run.Nodes["t"] = new NodeRun("t", NodeRunStatus.Succeeded) { Attempt = 1 };
        run.Nodes["a"] = new NodeRun("a", NodeRunStatus.Succeeded) { Attempt = 1, Output = new JsonObject { ["v"] = "kept" } };
        run.Nodes["b"] = new NodeRun("b", NodeRunStatus.Running) { Attempt = 1 };

        await _h.Runner.RunAsync(run, CancellationToken.None);

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal(["b", "c"], _h.Steps.Started);
        Assert.Equal(2, run.Nodes["b"].Attempt);
        Assert.Equal("kept", run.Nodes["c"].Input?["v"]?.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_ApprovalApproved_ContinuesTheBranch()
    {
        var graph = G.Of(G.Trigger(), G.Node("ok", "action.approval", new JsonObject { ["message"] = "Ship it?" }), G.Step("prod")).Chain("t", "ok", "prod");
        var run = _h.Create(graph);

        var running = _h.Runner.RunAsync(run, CancellationToken.None);
        await _h.Store.WaitForAsync("ok", NodeRunStatus.WaitingForApproval);
        Assert.Equal(0, _h.Steps.Count("prod"));
        Assert.False(await _h.Runner.ApproveAsync(run.Id, "prod", "alice", CancellationToken.None));
        Assert.True(await _h.Runner.ApproveAsync(run.Id, "ok", "alice", CancellationToken.None));
        await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal("alice", run.Nodes["ok"].Output?["by"]?.GetValue<string>());
        Assert.Equal(1, _h.Steps.Count("prod"));
    }

    [Fact]
    public async Task RunAsync_ApprovalRejected_FailsTheRun()
    {
        var graph = G.Of(G.Trigger(), G.Node("ok", "action.approval", new JsonObject { ["message"] = "Ship it?" }), G.Step("prod")).Chain("t", "ok", "prod");
        var run = _h.Create(graph);

        var running = _h.Runner.RunAsync(run, CancellationToken.None);
        await _h.Store.WaitForAsync("ok", NodeRunStatus.WaitingForApproval);
        Assert.True(await _h.Runner.RejectAsync(run.Id, "ok", "bob", CancellationToken.None));
        await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Equal("Rejected by bob", run.Nodes["ok"].Error);
        Assert.Equal(NodeRunStatus.Cancelled, run.Nodes["prod"].Status);
        Assert.False(await _h.Runner.ApproveAsync(run.Id, "ok", "alice", CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_ApprovalTimeout_FailsTheNode()
    {
        var graph = G.Of(G.Trigger(), G.Node("ok", "action.approval", new JsonObject { ["message"] = "m", ["timeoutSeconds"] = 60 })).Edge("t", "ok");

        var running = _h.RunAsync(graph);
        await _h.Store.WaitForAsync("ok", NodeRunStatus.WaitingForApproval);
        await _h.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(60));
        _h.Clock.Advance(TimeSpan.FromSeconds(60));
        var run = await running.WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Equal("No decision before the approval timeout", run.Nodes["ok"].Error);
    }

    [Fact]
    public async Task ApproveAsync_PausedRunNotInMemory_RecordsDecisionThatResumeContinues()
    {
        var graph = G.Of(G.Trigger(), G.Node("ok", "action.approval", new JsonObject { ["message"] = "m" }), G.Step("prod")).Chain("t", "ok", "prod");
        var run = _h.Create(graph);
        run.Nodes["t"] = new NodeRun("t", NodeRunStatus.Succeeded) { Attempt = 1 };
        run.Nodes["ok"] = new NodeRun("ok", NodeRunStatus.WaitingForApproval) { Attempt = 1 };
        await _h.Store.SaveRunAsync(run, CancellationToken.None);

        Assert.True(await _h.Runner.ApproveAsync(run.Id, "ok", "carol", CancellationToken.None));
        await _h.Runner.RunAsync(run, CancellationToken.None);

        Assert.Equal(WorkflowRunStatus.Succeeded, run.Status);
        Assert.Equal(1, _h.Steps.Count("prod"));
    }

    [Fact]
    public async Task RunAsync_ResumeReadTheRunBeforeADecisionWasStored_ContinuesWithTheDecision()
    {
        // After a restart the job reads the paused run, then someone approves before the engine holds
        // it: the decision is stored, but the copy being resumed still says "waiting".
        var graph = G.Of(G.Trigger(), G.Node("ok", "action.approval", new JsonObject { ["message"] = "m" }), G.Step("prod")).Chain("t", "ok", "prod");
        var stored = _h.Create(graph);
        stored.Status = WorkflowRunStatus.Running;
        stored.Nodes["t"] = new NodeRun("t", NodeRunStatus.Succeeded) { Attempt = 1 };
        stored.Nodes["ok"] = new NodeRun("ok", NodeRunStatus.WaitingForApproval) { Attempt = 1 };
        await _h.Store.SaveRunAsync(stored, CancellationToken.None);
        var loaded = new WorkflowRun
        {
            Id = stored.Id,
            WorkflowId = stored.WorkflowId,
            WorkflowVersion = stored.WorkflowVersion,
            Graph = stored.Graph,
            Status = stored.Status,
            CreatedAt = stored.CreatedAt,
            Nodes = new Dictionary<string, NodeRun>(stored.Nodes, StringComparer.Ordinal),
        };

        Assert.True(await _h.Runner.ApproveAsync(stored.Id, "ok", "carol", CancellationToken.None));
        Assert.Equal(NodeRunStatus.WaitingForApproval, loaded.Nodes["ok"].Status);
        await _h.Runner.RunAsync(loaded, CancellationToken.None).WaitAsync(Safety);

        Assert.Equal(WorkflowRunStatus.Succeeded, loaded.Status);
        Assert.Equal("carol", loaded.Nodes["ok"].Output?["by"]?.GetValue<string>());
        Assert.Equal(1, _h.Steps.Count("prod"));
    }

    [Fact]
    public async Task RunAsync_SecretInSettings_ReachesExecutorButIsMaskedInInput()
    {
        var h = new WorkflowHarness(new Dictionary<string, string> { ["TOKEN"] = "s3cr3t" });
        var graph = G.Of(G.Trigger(), G.Step("a", new JsonObject { ["auth"] = "Bearer {{ secrets.TOKEN }}" })).Edge("t", "a");

        var run = await h.RunAsync(graph);

        Assert.Equal("Bearer s3cr3t", h.Steps.Last["a"].Config["auth"]?.GetValue<string>());
        Assert.Equal("Bearer ••••", run.Nodes["a"].Input?["auth"]?.GetValue<string>());
        Assert.DoesNotContain(h.Store.NodeSaves, n => n.Input?.ToJsonString().Contains("s3cr3t", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task RunAsync_UnknownSecret_FailsNodeWithName()
    {
        var graph = G.Of(G.Trigger(), G.Step("a", new JsonObject { ["auth"] = "{{ secrets.MISSING }}" })).Edge("t", "a");

        var run = await _h.RunAsync(graph);

        Assert.Equal("Secret 'MISSING' is not defined", run.Nodes["a"].Error);
        Assert.Equal(0, _h.Steps.Count("a"));
    }

    [Fact]
    public async Task RunAsync_SetVariables_MakesThemAvailableAsVars()
    {
        var graph = G.Of(G.Trigger(), G.Node("set", "logic.set", new JsonObject { ["values"] = new JsonObject { ["env"] = "prod" } }),
                G.Step("a", new JsonObject { ["target"] = "{{ vars.env }}" }))
            .Chain("t", "set", "a");

        var run = await _h.RunAsync(graph);

        Assert.Equal("prod", run.Nodes["a"].Input?["target"]?.GetValue<string>());
        Assert.Equal("prod", run.Vars["env"]?.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_InvalidGraph_FailsWithoutRunningNodes()
    {
        var run = await _h.RunAsync(G.Of(G.Trigger(), G.Step("a"), G.Step("b")).Chain("t", "a", "b", "a"));

        Assert.Equal(WorkflowRunStatus.Failed, run.Status);
        Assert.Contains("loops", run.Error, StringComparison.Ordinal);
        Assert.Empty(_h.Steps.Started);
    }

    [Fact]
    public async Task RunAsync_EveryTransition_IsPublishedOnTheBus()
    {
        var seen = new List<WorkflowNotification>();
        using var subscription = _h.Bus.Subscribe(n => { lock (seen) { seen.Add(n); } });

        var run = await _h.RunAsync(G.Of(G.Trigger(), G.Step("a")).Edge("t", "a"));

        Assert.Equal(WorkflowRunStatus.Succeeded, seen.Last().RunStatus);
        Assert.Contains(seen, n => n.Node is { NodeId: "a", Status: NodeRunStatus.Running });
        Assert.Contains(seen, n => n.Node is { NodeId: "a", Status: NodeRunStatus.Succeeded });
        Assert.Equal(run.Id, seen[0].RunId);
    }
}
