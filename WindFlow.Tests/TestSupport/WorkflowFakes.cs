using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using WindFlow.Core.Stacks;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Core.Workflows.Expressions;

namespace WindFlow.Tests.TestSupport;

/// <summary>Keeps runs in memory and lets tests wait for a node to reach a state.</summary>
public sealed class InMemoryWorkflowRunStore : IWorkflowRunStore
{
    private readonly object _gate = new();
    private readonly List<(string NodeId, NodeRunStatus Status, TaskCompletionSource Reached)> _waiters = [];
    private readonly Dictionary<Guid, WorkflowRun> _runs = [];

    /// <summary>Every node save, in order.</summary>
    public ConcurrentQueue<NodeRun> NodeSaves { get; } = new();

    public Task SaveRunAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _runs[run.Id] = run;
        }

        return Task.CompletedTask;
    }

    public Task SaveNodeAsync(Guid runId, NodeRun node, CancellationToken cancellationToken)
    {
        NodeSaves.Enqueue(node);
        lock (_gate)
        {
            if (_runs.TryGetValue(runId, out var run))
            {
                run.Nodes[node.NodeId] = node;
            }

            foreach (var waiter in _waiters.Where(w => w.NodeId == node.NodeId && w.Status == node.Status).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }

        return Task.CompletedTask;
    }

    public Task<WorkflowRun?> GetAsync(Guid runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.GetValueOrDefault(runId));
        }
    }

    /// <summary>Cancel requests, by run.</summary>
    public ConcurrentDictionary<Guid, DateTimeOffset> CancelRequests { get; } = new();

    /// <summary>Node states another WindFlow instance stored (the engine's own copy does not see them until it syncs).</summary>
    public ConcurrentDictionary<(Guid RunId, string NodeId), NodeRun> StoredElsewhere { get; } = new();

    public Task RequestCancelAsync(Guid runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        CancelRequests.TryAdd(runId, at);
        return Task.CompletedTask;
    }

    public Task<RunControl?> GetControlAsync(Guid runId, IReadOnlyCollection<string> waitingNodeIds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_runs.ContainsKey(runId))
            {
                return Task.FromResult<RunControl?>(null);
            }
        }

        var decided = waitingNodeIds.Select(id => StoredElsewhere.GetValueOrDefault((runId, id)))
            .OfType<NodeRun>().Where(n => n.Status is NodeRunStatus.Succeeded or NodeRunStatus.Failed).ToList();
        return Task.FromResult<RunControl?>(new RunControl(CancelRequests.TryGetValue(runId, out var at) ? at : null, decided));
    }

    /// <summary>Completes when <paramref name="nodeId"/> is saved with <paramref name="status"/> (now or later).</summary>
    public Task WaitForAsync(string nodeId, NodeRunStatus status)
    {
        lock (_gate)
        {
            if (NodeSaves.Any(n => n.NodeId == nodeId && n.Status == status))
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((nodeId, status, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}

/// <summary>Secrets from a dictionary.</summary>
public sealed class FakeWorkflowSecrets(Dictionary<string, string>? values = null) : IWorkflowSecrets
{
    public Task<string?> GetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(values?.GetValueOrDefault(name));
}

/// <summary>
/// The executor of the test node type <c>test.step</c>: each node id can be given a behaviour;
/// by default a node succeeds with <c>{"node": id, "config": ...}</c>. Records start order.
/// </summary>
public sealed class ScriptedExecutor : IWorkflowNodeExecutor
{
    public const string Type = "test.step";

    public ConcurrentDictionary<string, Func<NodeExecution, CancellationToken, Task<NodeResult>>> Behaviours { get; } = new();

    public ConcurrentQueue<string> Started { get; } = new();

    public ConcurrentDictionary<string, NodeExecution> Last { get; } = new();

    public string NodeType => Type;

    public static NodeTypeDescriptor Descriptor { get; } =
        new(Type, NodeCategory.Action, "Test step", [NodePorts.In], [NodePorts.Out], VariableSchema.Empty);

    public Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        Started.Enqueue(execution.Node.Id);
        Last[execution.Node.Id] = execution;
        return Behaviours.TryGetValue(execution.Node.Id, out var behaviour)
            ? behaviour(execution, cancellationToken)
            : Task.FromResult(NodeResult.Success(new JsonObject { ["node"] = execution.Node.Id, ["config"] = execution.Config.DeepClone() }));
    }

    public int Count(string nodeId) => Started.Count(id => id == nodeId);
}

/// <summary>A runner wired to fakes.</summary>
public sealed class WorkflowHarness
{
    public WorkflowHarness(Dictionary<string, string>? secrets = null)
    {
        Types = new NodeTypeRegistry(BuiltInNodeTypes.All.Append(ScriptedExecutor.Descriptor));
        IWorkflowNodeExecutor[] executors =
        [
            Steps, .. TriggerExecutor.All, new ConditionExecutor(), new JoinExecutor(), new SetVariablesExecutor(),
            new DelayExecutor(Clock), new ApprovalExecutor(),
        ];
        Runner = new WorkflowRunner(executors, Types, Store, new FakeWorkflowSecrets(secrets), Bus, Clock, NullLogger<WorkflowRunner>.Instance);
    }

    public TimerTimeProvider Clock { get; } = new();

    public InMemoryWorkflowRunStore Store { get; } = new();

    public ScriptedExecutor Steps { get; } = new();

    public WorkflowBus Bus { get; } = new(NullLogger<WorkflowBus>.Instance);

    public NodeTypeRegistry Types { get; }

    public WorkflowRunner Runner { get; }

    public WorkflowRun Create(WorkflowGraph graph, JsonNode? trigger = null) => Runner.Create(Guid.NewGuid(), 1, graph, trigger);

    public Task<WorkflowRun> RunAsync(WorkflowGraph graph, JsonNode? trigger = null, CancellationToken cancellationToken = default) =>
        Runner.RunAsync(Create(graph, trigger), cancellationToken);
}

/// <summary>Terse graph building: <c>G.Of(G.Trigger("t"), G.Step("a")).Edge("t", "a")</c>.</summary>
public static class G
{
    public static WorkflowNode Trigger(string id = "t") => new(id, "trigger.manual");

    public static WorkflowNode Step(string id, JsonObject? config = null) => new(id, ScriptedExecutor.Type) { Config = config ?? [] };

    public static WorkflowNode Node(string id, string type, JsonObject? config = null) => new(id, type) { Config = config ?? [] };

    public static WorkflowGraph Of(params WorkflowNode[] nodes) => new() { Nodes = nodes };

    public static WorkflowGraph Edge(this WorkflowGraph graph, string from, string to, string? fromPort = null) =>
        graph with { Edges = [.. graph.Edges, new WorkflowEdge(from, to) { FromPort = fromPort }] };

    public static WorkflowGraph Chain(this WorkflowGraph graph, params string[] ids)
    {
        for (var i = 1; i < ids.Length; i++)
        {
            graph = graph.Edge(ids[i - 1], ids[i]);
        }

        return graph;
    }
}
