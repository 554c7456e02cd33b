using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using WindFlow.Core.Workflows.Expressions;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>
/// Executes workflow runs as DAGs: independent branches in parallel, joins, conditions, timeouts,
/// retries, continue-on-fail, approvals and cancellation; every transition is saved and published.
/// Calling <see cref="RunAsync"/> on a run that was interrupted resumes it.
/// </summary>
public sealed class WorkflowRunner(
    IEnumerable<IWorkflowNodeExecutor> executors,
    NodeTypeRegistry types,
    IWorkflowRunStore store,
    IWorkflowSecrets secrets,
    WorkflowBus bus,
    TimeProvider time,
    ILogger<WorkflowRunner> logger)
{
    private readonly Dictionary<string, IWorkflowNodeExecutor> _executors = executors.ToDictionary(e => e.NodeType, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, RunExecution> _active = new();

    /// <summary>A new pending run of a graph.</summary>
    public WorkflowRun Create(Guid workflowId, int version, WorkflowGraph graph, JsonNode? trigger) => new()
    {
        Id = Guid.NewGuid(),
        WorkflowId = workflowId,
        WorkflowVersion = version,
        Graph = graph,
        Trigger = trigger,
        CreatedAt = time.GetUtcNow(),
        Nodes = graph.Nodes.ToDictionary(n => n.Id, n => new NodeRun(n.Id, NodeRunStatus.Pending), StringComparer.Ordinal),
    };

    /// <summary>
    /// Runs <paramref name="run"/> until every node is finished, or resumes it: succeeded and skipped
    /// nodes (and failures allowed by <c>continueOnFail</c>) are kept; running, failed, cancelled and
    /// pending ones run again, as a new attempt; waiting approvals keep waiting.
    /// </summary>
    /// <param name="run">The run; the engine updates it in place.</param>
    /// <param name="cancellationToken">Cancels the run: running nodes are cancelled, pending ones are not started.</param>
    /// <returns>The finished run (status <see cref="WorkflowRunStatus.Cancelled"/> when cancelled; this method does not throw for that).</returns>
    public async Task<WorkflowRun> RunAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var problems = new WorkflowValidator(types).Validate(run.Graph);
        var execution = new RunExecution(run, new RunPlan(run.Graph, types, _executors), store, secrets, bus, time);
        if (!_active.TryAdd(run.Id, execution))
        {
            throw new InvalidOperationException($"Run {run.Id} is already executing.");
        }

        try
        {
            if (problems.Count > 0)
            {
                await execution.FailInvalidAsync(problems);
                return run;
            }

            await AdoptDecisionsAsync(run);
            await execution.ExecuteAsync(cancellationToken);
            logger.LogInformation("Workflow run {RunId} finished {Status}", run.Id, run.Status);
            return run;
        }
        finally
        {
            _active.TryRemove(run.Id, out _);
        }
    }

    /// <summary>Approves a node waiting for approval; its branch continues.</summary>
    /// <returns>False when the run or node does not exist or the node is not waiting.</returns>
    public Task<bool> ApproveAsync(Guid runId, string nodeId, string user, CancellationToken cancellationToken) =>
        DecideAsync(runId, nodeId, new ApprovalDecision(true, user), cancellationToken);

    /// <summary>Rejects a node waiting for approval: the node fails (so the run fails unless it has <c>continueOnFail</c>).</summary>
    /// <returns>False when the run or node does not exist or the node is not waiting.</returns>
    public Task<bool> RejectAsync(Guid runId, string nodeId, string user, CancellationToken cancellationToken) =>
        DecideAsync(runId, nodeId, new ApprovalDecision(false, user), cancellationToken);

    /// <summary>
    /// Brings a run this instance executes in line with what other instances stored: adopts the
    /// approvals decided there. In a cluster, a user's request can reach an instance that does not
    /// execute the run; that instance only stores it.
    /// </summary>
    /// <returns>True when someone asked to cancel the run.</returns>
    public async Task<bool> SyncWithStoreAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!_active.TryGetValue(runId, out var execution))
        {
            return false;
        }

        var control = await store.GetControlAsync(runId, execution.WaitingNodeIds, cancellationToken);
        foreach (var decided in control?.DecidedNodes ?? [])
        {
            execution.AdoptStoredDecision(decided);
        }

        return control?.CancelRequestedAt is not null;
    }

    private async Task<bool> DecideAsync(Guid runId, string nodeId, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(runId, out var execution))
        {
            return await execution.DecideAsync(nodeId, decision);
        }

        // A paused run that no engine holds (after a restart): record the decision; resuming the run continues from it.
        var run = await store.GetAsync(runId, cancellationToken);
        if (run is null || !run.Nodes.TryGetValue(nodeId, out var node) || node.Status != NodeRunStatus.WaitingForApproval)
        {
            return false;
        }

        var decided = decision.Apply(node, time.GetUtcNow());
        run.Nodes[nodeId] = decided;
        await store.SaveNodeAsync(runId, decided, cancellationToken);
        bus.Publish(new WorkflowNotification(WorkflowNotificationKind.NodeChanged, runId, run.Status, decided));
        // A resume may have taken the run between the check above and the save, with its copy read
        // before the save: hand it the decision too (it refuses when it already adopted the stored one).
        if (_active.TryGetValue(runId, out var resumed))
        {
            await resumed.DecideAsync(nodeId, decision);
        }

        return true;
    }

    // The caller read the run before RunAsync registered it, so a decision DecideAsync stored in
    // between is missing from its copy; without this the resumed run would wait for it forever.
    private async Task AdoptDecisionsAsync(WorkflowRun run)
    {
        var waiting = run.Nodes.Values.Where(n => n.Status == NodeRunStatus.WaitingForApproval).Select(n => n.NodeId).ToList();
        if (waiting.Count == 0 || await store.GetAsync(run.Id, CancellationToken.None) is not { } stored)
        {
            return;
        }

        foreach (var id in waiting)
        {
            if (stored.Nodes.GetValueOrDefault(id) is { Status: NodeRunStatus.Succeeded or NodeRunStatus.Failed } decided)
            {
                run.Nodes[id] = decided;
            }
        }
    }
}

/// <summary>A person's answer to an approval node.</summary>
internal sealed record ApprovalDecision(bool Approved, string User)
{
    public NodeRun Apply(NodeRun node, DateTimeOffset now) => Approved
        ? node with
        {
            Status = NodeRunStatus.Succeeded,
            Output = new JsonObject { ["approved"] = true, ["by"] = User, ["at"] = now },
            FinishedAt = now,
            Logs = [.. node.Logs, $"Approved by {User}"],
        }
        : node with
        {
            Status = NodeRunStatus.Failed,
            Output = new JsonObject { ["approved"] = false, ["by"] = User, ["at"] = now },
            Error = $"Rejected by {User}",
            FinishedAt = now,
            Logs = [.. node.Logs, $"Rejected by {User}"],
        };
}
