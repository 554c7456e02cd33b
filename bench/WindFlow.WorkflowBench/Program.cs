using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using WindFlow.Core.Stacks;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Core.Workflows.Expressions;

// Engine overhead per node (issue #6): every node is a no-op, the store and secrets do nothing,
// so the figures are the engine's own scheduling, state transitions and bus publishing.
// Prints `RESULT key=value` lines like bench/WindFlow.Bench.
var nodes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;

var noop = new NodeTypeDescriptor("bench.noop", NodeCategory.Action, "No-op", [NodePorts.In], [NodePorts.Out], VariableSchema.Empty);
var types = new NodeTypeRegistry(BuiltInNodeTypes.All.Append(noop));
var first = new FirstStart();
IWorkflowNodeExecutor[] executors = [new NoOp(), new JoinExecutor(), .. TriggerExecutor.All.Select(t => new Stamped(t, first))];
var runner = new WorkflowRunner(executors, types, new NullStore(), new NoSecrets(), new WorkflowBus(NullLogger<WorkflowBus>.Instance),
    TimeProvider.System, NullLogger<WorkflowRunner>.Instance);

var chain = new WorkflowGraph
{
    Nodes = [new WorkflowNode("t", "trigger.manual"), .. Enumerable.Range(0, nodes).Select(i => new WorkflowNode($"n{i}", "bench.noop"))],
    Edges = [.. Enumerable.Range(0, nodes).Select(i => new WorkflowEdge(i == 0 ? "t" : $"n{i - 1}", $"n{i}"))],
};
var fan = new WorkflowGraph
{
    Nodes =
    [
        new WorkflowNode("t", "trigger.manual"), .. Enumerable.Range(0, nodes).Select(i => new WorkflowNode($"n{i}", "bench.noop")),
        new WorkflowNode("j", "logic.join") { Config = new() { ["mode"] = "all" } },
    ],
    Edges = [.. Enumerable.Range(0, nodes).SelectMany(i => new[] { new WorkflowEdge("t", $"n{i}"), new WorkflowEdge($"n{i}", "j") })],
};

await MeasureAsync("chain", chain);
await MeasureAsync("fanout_join", fan);
return 0;

async Task MeasureAsync(string name, WorkflowGraph graph)
{
    await runner.RunAsync(runner.Create(Guid.NewGuid(), 1, graph, null), CancellationToken.None);
    var perNode = new List<double>();
    var toFirst = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var run = runner.Create(Guid.NewGuid(), 1, graph, null);
        var clock = Stopwatch.StartNew();
        first.Reset(clock);
        await runner.RunAsync(run, CancellationToken.None);
        clock.Stop();
        if (run.Status != WorkflowRunStatus.Succeeded)
        {
            throw new InvalidOperationException($"{name} run ended {run.Status}: {run.Error}");
        }

        perNode.Add(clock.Elapsed.TotalMicroseconds / graph.Nodes.Count);
        toFirst.Add(first.Elapsed.TotalMicroseconds);
    }

    perNode.Sort();
    toFirst.Sort();
    Console.WriteLine(FormattableString.Invariant(
        $"RESULT {name}_nodes={graph.Nodes.Count} {name}_us_per_node_median={perNode[runs / 2]:F1} {name}_us_per_node_min={perNode[0]:F1} {name}_first_node_start_us_median={toFirst[runs / 2]:F0}"));
}

internal sealed class NoOp : IWorkflowNodeExecutor
{
    public string NodeType => "bench.noop";

    public Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) => Task.FromResult(NodeResult.Success());
}

internal sealed class FirstStart
{
    private Stopwatch? _clock;

    public TimeSpan Elapsed { get; private set; }

    public void Reset(Stopwatch clock) => _clock = clock;

    public void Stamp() => Elapsed = _clock?.Elapsed ?? TimeSpan.Zero;
}

internal sealed class Stamped(IWorkflowNodeExecutor inner, FirstStart first) : IWorkflowNodeExecutor
{
    public string NodeType => inner.NodeType;

    public Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        first.Stamp();
        return inner.ExecuteAsync(execution, cancellationToken);
    }
}

internal sealed class NullStore : IWorkflowRunStore
{
    public Task SaveRunAsync(WorkflowRun run, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SaveNodeAsync(Guid runId, NodeRun node, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<WorkflowRun?> GetAsync(Guid runId, CancellationToken cancellationToken) => Task.FromResult<WorkflowRun?>(null);

    public Task RequestCancelAsync(Guid runId, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<RunControl?> GetControlAsync(Guid runId, IReadOnlyCollection<string> waitingNodeIds, CancellationToken cancellationToken) =>
        Task.FromResult<RunControl?>(null);
}

internal sealed class NoSecrets : IWorkflowSecrets
{
    public Task<string?> GetAsync(string name, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
