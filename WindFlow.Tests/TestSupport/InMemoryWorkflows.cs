using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using WindFlow.Core.Common;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// <see cref="IWorkflowService"/> in memory, validated like the real one, so the editor pages run in
/// browser tests before the persistent implementation is wired into the app.
/// </summary>
public sealed class InMemoryWorkflowService(WorkflowValidator validator, TimeProvider clock) : IWorkflowService
{
    private readonly ConcurrentDictionary<Guid, List<(Workflow Head, WorkflowVersion Version)>> _workflows = new();

    public Task<IReadOnlyList<Workflow>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Workflow>>([.. _workflows.Values.Select(v => v[^1].Head).OrderBy(w => w.Name, StringComparer.Ordinal)]);

    public Task<OperationResult<Workflow>> GetAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        if (!_workflows.TryGetValue(id, out var versions))
        {
            return Task.FromResult<OperationResult<Workflow>>(new OperationError(OperationErrorKind.NotFound, "No such workflow."));
        }

        var latest = versions[^1].Head;
        if (version is null)
        {
            return Task.FromResult(OperationResult<Workflow>.Ok(latest));
        }

        var match = versions.FirstOrDefault(v => v.Version.Number == version);
        return Task.FromResult(match.Version is null
            ? new OperationError(OperationErrorKind.NotFound, $"No version {version}.")
            : OperationResult<Workflow>.Ok(Copy(latest, WorkflowGraphJson.Read(match.Version.GraphJson))));
    }

    public Task<OperationResult<IReadOnlyList<WorkflowVersion>>> VersionsAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_workflows.TryGetValue(id, out var versions)
            ? OperationResult<IReadOnlyList<WorkflowVersion>>.Ok([.. versions.Select(v => v.Version).Reverse()])
            : new OperationError(OperationErrorKind.NotFound, "No such workflow."));

    public Task<OperationResult<Workflow>> CreateAsync(WorkflowDraft draft, string? author, CancellationToken cancellationToken)
    {
        if (Check(draft) is { } error)
        {
            return Task.FromResult<OperationResult<Workflow>>(error);
        }

        var id = Guid.NewGuid();
        _workflows[id] = [Make(id, 1, draft, author)];
        return Task.FromResult(OperationResult<Workflow>.Ok(_workflows[id][^1].Head));
    }

    public Task<OperationResult<Workflow>> UpdateAsync(Guid id, WorkflowDraft draft, string? author, CancellationToken cancellationToken)
    {
        if (!_workflows.TryGetValue(id, out var versions))
        {
            return Task.FromResult<OperationResult<Workflow>>(new OperationError(OperationErrorKind.NotFound, "No such workflow."));
        }

        if (Check(draft) is { } error)
        {
            return Task.FromResult<OperationResult<Workflow>>(error);
        }

        versions.Add(Make(id, versions.Count + 1, draft, author));
        return Task.FromResult(OperationResult<Workflow>.Ok(versions[^1].Head));
    }

    public Task<OperationResult<bool>> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_workflows.TryRemove(id, out _) ? OperationResult<bool>.Ok(true) : new OperationError(OperationErrorKind.NotFound, "No such workflow."));

    public Task<OperationResult<Workflow>> SetEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken)
    {
        if (!_workflows.TryGetValue(id, out var versions))
        {
            return Task.FromResult<OperationResult<Workflow>>(new OperationError(OperationErrorKind.NotFound, "No such workflow."));
        }

        versions[^1].Head.Enabled = enabled;
        return Task.FromResult(OperationResult<Workflow>.Ok(versions[^1].Head));
    }

    private OperationError? Check(WorkflowDraft draft)
    {
        var problems = validator.Validate(draft.Graph);
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            return OperationError.Invalid("name", "A workflow needs a name.");
        }

        return problems.Count == 0 ? null : OperationError.Invalid([.. problems.Select(p => new InputProblem(
            p.NodeId is null ? "graph" : p.Setting is null ? $"nodes.{p.NodeId}" : $"nodes.{p.NodeId}.{p.Setting}", p.Message))]);
    }

    private (Workflow, WorkflowVersion) Make(Guid id, int number, WorkflowDraft draft, string? author)
    {
        var now = clock.GetUtcNow();
        var head = new Workflow { Id = id, Name = draft.Name, Description = draft.Description, Version = number, Graph = draft.Graph, CreatedAt = now, UpdatedAt = now };
        var version = new WorkflowVersion { Id = Guid.NewGuid(), WorkflowId = id, Number = number, GraphJson = WorkflowGraphJson.Write(draft.Graph), Author = author, CreatedAt = now };
        return (head, version);
    }

    private static Workflow Copy(Workflow w, WorkflowGraph graph) =>
        new() { Id = w.Id, Name = w.Name, Description = w.Description, Version = w.Version, Graph = graph, CreatedAt = w.CreatedAt, UpdatedAt = w.UpdatedAt };
}

/// <summary>
/// <see cref="IWorkflowRuns"/> in memory: a started run stays pending with every node pending; tests
/// move nodes along with <see cref="SetNode"/>, which publishes on the bus as the engine would.
/// </summary>
public sealed class InMemoryWorkflowRuns(IWorkflowService workflows, WorkflowBus bus, TimeProvider clock) : IWorkflowRuns
{
    private readonly ConcurrentDictionary<Guid, WorkflowRun> _runs = new();

    public IReadOnlyCollection<WorkflowRun> All => [.. _runs.Values];

    public async Task<OperationResult<WorkflowRun>> StartAsync(Guid workflowId, JsonNode? input, string? user, CancellationToken cancellationToken)
    {
        var workflow = await workflows.GetAsync(workflowId, null, cancellationToken);
        if (!workflow.Succeeded)
        {
            return workflow.Error!;
        }

        var run = new WorkflowRun
        {
            Id = Guid.NewGuid(),
            WorkflowId = workflowId,
            WorkflowVersion = workflow.Value!.Version,
            Graph = workflow.Value.Graph,
            Trigger = new JsonObject { ["type"] = "manual", ["body"] = input?.DeepClone() },
            Status = WorkflowRunStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
            Nodes = workflow.Value.Graph.Nodes.ToDictionary(n => n.Id, n => new NodeRun(n.Id, NodeRunStatus.Pending), StringComparer.Ordinal),
        };
        _runs[run.Id] = run;
        return OperationResult<WorkflowRun>.Ok(run);
    }

    public Task<OperationResult<WorkflowRun>> GetAsync(Guid runId, CancellationToken cancellationToken) =>
        Task.FromResult(Find(runId));

    public Task<IReadOnlyList<WorkflowRun>> ListAsync(Guid? workflowId, WorkflowRunStatus? status, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WorkflowRun>>([.. _runs.Values
            .Where(r => (workflowId is null || r.WorkflowId == workflowId) && (status is null || r.Status == status))
            .OrderByDescending(r => r.CreatedAt).Take(take)]);

    public Task<OperationResult<WorkflowRun>> CancelAsync(Guid runId, string? user, CancellationToken cancellationToken)
    {
        var found = Find(runId);
        if (found.Value is { } run)
        {
            run.Status = WorkflowRunStatus.Cancelled;
            bus.Publish(new WorkflowNotification(WorkflowNotificationKind.RunChanged, run.Id, run.Status));
        }

        return Task.FromResult(found);
    }

    public Task<OperationResult<WorkflowRun>> ApproveAsync(Guid runId, string nodeId, string user, CancellationToken cancellationToken) =>
        Task.FromResult(Decide(runId, nodeId, NodeRunStatus.Succeeded));

    public Task<OperationResult<WorkflowRun>> RejectAsync(Guid runId, string nodeId, string user, CancellationToken cancellationToken) =>
        Task.FromResult(Decide(runId, nodeId, NodeRunStatus.Failed));

    public Task<OperationResult<WorkflowRun>> RerunFromAsync(Guid runId, string nodeId, string? user, CancellationToken cancellationToken) =>
        Task.FromResult<OperationResult<WorkflowRun>>(new OperationError(OperationErrorKind.Conflict, "The in-memory runs do not re-run."));

    /// <summary>Moves a node to <paramref name="status"/> and tells the bus, as the engine does.</summary>
    public void SetNode(Guid runId, NodeRun node, WorkflowRunStatus runStatus)
    {
        var run = _runs[runId];
        run.Status = runStatus;
        run.Nodes[node.NodeId] = node;
        bus.Publish(new WorkflowNotification(WorkflowNotificationKind.NodeChanged, runId, runStatus, node));
    }

    private OperationResult<WorkflowRun> Decide(Guid runId, string nodeId, NodeRunStatus status)
    {
        var found = Find(runId);
        if (found.Value is { } run && run.Nodes.TryGetValue(nodeId, out var node) && node.Status == NodeRunStatus.WaitingForApproval)
        {
            SetNode(runId, node with { Status = status }, run.Status);
            return OperationResult<WorkflowRun>.Ok(run);
        }

        return found.Succeeded ? new OperationError(OperationErrorKind.Conflict, $"'{nodeId}' is not waiting for approval.") : found;
    }

    private OperationResult<WorkflowRun> Find(Guid runId) =>
        _runs.TryGetValue(runId, out var run) ? OperationResult<WorkflowRun>.Ok(run) : new OperationError(OperationErrorKind.NotFound, "No such run.");
}
