using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using WindFlow.Core.Workflows.Expressions;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>
/// The coordinator of one run. Node attempts execute on their own tasks and report back through an
/// inbox; only this loop changes <see cref="WorkflowRun"/>, so state transitions are serialised and
/// saved in the order they happened without locks.
/// </summary>
internal sealed class RunExecution(
    WorkflowRun run,
    RunPlan plan,
    IWorkflowRunStore store,
    IWorkflowSecrets secrets,
    WorkflowBus bus,
    TimeProvider time)
{
    private readonly Channel<RunMessage> _inbox = Channel.CreateUnbounded<RunMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<string> _candidates = new();
    private ImmutableDictionary<string, JsonNode?> _views = ImmutableDictionary.Create<string, JsonNode?>(StringComparer.Ordinal);
    private int _active;
    private bool _cancelled;
    private string? _failure;

    // The nodes paused for a person; the loop waits while there are any. Read by the store sync
    // from another thread, so an immutable set that only the loop replaces.
    private volatile ImmutableHashSet<string> _waitingIds = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>The nodes waiting for approval now; safe to read from any thread.</summary>
    public IReadOnlyCollection<string> WaitingNodeIds => _waitingIds;

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        Prepare();
        // Cancelled before it started (a stored cancel request on resume): start no node at all,
        // rather than starting the first ones and cancelling them when the message arrives.
        _cancelled = cancellationToken.IsCancellationRequested;
        await SaveRunAsync();
        using (cancellationToken.Register(() => _inbox.Writer.TryWrite(new CancelRequested())))
        {
            while (true)
            {
                await ScheduleAsync();
                if (_active == 0 && (_waitingIds.Count == 0 || _failure is not null || _cancelled))
                {
                    break;
                }

                await HandleAsync(await _inbox.Reader.ReadAsync(CancellationToken.None));
            }
        }

        await FinishAsync();
    }

    public async Task FailInvalidAsync(IReadOnlyList<WorkflowProblem> problems)
    {
        run.Status = WorkflowRunStatus.Failed;
        run.Error = "The workflow is invalid: " + string.Join(" ", problems.Select(p => p.NodeId is null ? p.Message : $"[{p.NodeId}] {p.Message}"));
        run.FinishedAt = time.GetUtcNow();
        await SaveRunAsync();
    }

    public async Task<bool> DecideAsync(string nodeId, ApprovalDecision decision)
    {
        var reply = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _inbox.Writer.TryWrite(new DecisionRequested(nodeId, decision, reply)) && await reply.Task;
    }

    /// <summary>Hands the loop a decision stored by another instance; ignored unless the node still waits here.</summary>
    public void AdoptStoredDecision(NodeRun decided) => _inbox.Writer.TryWrite(new DecisionStored(decided));

    private void Prepare()
    {
        foreach (var id in plan.Nodes.Keys)
        {
            var node = run.Nodes.GetValueOrDefault(id) ?? new NodeRun(id, NodeRunStatus.Pending);
            switch (node.Status)
            {
                case NodeRunStatus.Succeeded or NodeRunStatus.Skipped:
                    break;
                case NodeRunStatus.Failed when ContinuesOnFail(id):
                    break;
                case NodeRunStatus.WaitingForApproval:
                    _waitingIds = _waitingIds.Add(id);
                    StartApprovalTimer(node);
                    break;
                default:
                    // Interrupted, failed or cancelled work runs again as a new attempt.
                    node = node with { Status = NodeRunStatus.Pending, Error = null, FinishedAt = null };
                    _candidates.Enqueue(id);
                    break;
            }

            run.Nodes[id] = node;
            AddView(node);
        }

        run.Status = WorkflowRunStatus.Running;
        run.Error = null;
        run.FinishedAt = null;
        run.StartedAt ??= time.GetUtcNow();
    }

    private async Task ScheduleAsync()
    {
        while (!_cancelled && _failure is null && _candidates.TryDequeue(out var id))
        {
            var node = run.Nodes[id];
            if (node.Status != NodeRunStatus.Pending)
            {
                continue;
            }

            switch (Readiness(id))
            {
                case Ready.Run:
                    await StartAsync(node);
                    break;
                case Ready.Skip:
                    await SetNodeAsync(node with { Status = NodeRunStatus.Skipped, Error = "No live branch reaches this node", FinishedAt = time.GetUtcNow() });
                    EnqueueSuccessors(id);
                    break;
            }
        }
    }

    private Ready Readiness(string id)
    {
        var edges = plan.Incoming[id];
        if (edges.Count == 0)
        {
            return Ready.Run;
        }

        var (live, dead) = (0, 0);
        foreach (var edge in edges)
        {
            switch (EdgeState(edge))
            {
                case true:
                    live++;
                    break;
                case false:
                    dead++;
                    break;
            }
        }

        if (plan.WaitsForAny(id))
        {
            return live > 0 ? Ready.Run : dead == edges.Count ? Ready.Skip : Ready.Wait;
        }

        return dead > 0 ? Ready.Skip : live == edges.Count ? Ready.Run : Ready.Wait;
    }

    /// <summary>True when the edge carries a live branch, false when dead, null while its source is unfinished.</summary>
    private bool? EdgeState(WorkflowEdge edge)
    {
        var source = run.Nodes[edge.From];
        return source.Status switch
        {
            NodeRunStatus.Succeeded => source.Ports is null || source.Ports.Contains(edge.SourcePort),
            NodeRunStatus.Failed => ContinuesOnFail(edge.From),
            NodeRunStatus.Skipped or NodeRunStatus.Cancelled => false,
            _ => null,
        };
    }

    private async Task StartAsync(NodeRun node)
    {
        var id = node.NodeId;
        var inputs = plan.Incoming[id].Where(e => EdgeState(e) == true).Select(e => e.From).Distinct()
            .ToDictionary(from => from, from => run.Nodes[from].Output?.DeepClone(), StringComparer.Ordinal);
        var scope = new ExpressionScope { Trigger = run.Trigger, Nodes = _views, Vars = (JsonObject)run.Vars.DeepClone() };
        var attempt = node.Attempt + 1;
        _active++;
        await SetNodeAsync(node with { Status = NodeRunStatus.Running, Attempt = attempt, StartedAt = time.GetUtcNow() });
        var task = new NodeTask(plan, secrets, bus, time, _inbox.Writer, _stop.Token, run.Id);
        _ = Task.Run(() => task.RunAsync(plan.Nodes[id], attempt, inputs, scope, node.Logs));
    }

    private async Task HandleAsync(RunMessage message)
    {
        var now = time.GetUtcNow();
        switch (message)
        {
            case AttemptStarted started:
                await SetNodeAsync(run.Nodes[started.NodeId] with
                {
                    Status = NodeRunStatus.Running,
                    Attempt = started.Attempt,
                    Input = started.Input,
                    Logs = started.Logs,
                    StartedAt = now,
                });
                break;
            case AttemptFailed failed:
                await SetNodeAsync(run.Nodes[failed.NodeId] with { Error = failed.Error, Logs = failed.Logs });
                break;
            case NodeFinished finished:
                _active--;
                await FinishNodeAsync(run.Nodes[finished.NodeId], finished.Result, finished.Logs, now);
                break;
            case DecisionRequested decision:
                var waiting = run.Nodes.GetValueOrDefault(decision.NodeId);
                if (waiting?.Status == NodeRunStatus.WaitingForApproval)
                {
                    await CompleteAsync(decision.Decision.Apply(waiting, now));
                }

                decision.Reply.TrySetResult(waiting?.Status == NodeRunStatus.WaitingForApproval);
                break;
            case DecisionStored stored when run.Nodes.GetValueOrDefault(stored.NodeId)?.Status == NodeRunStatus.WaitingForApproval
                                            && stored.Node.Status is NodeRunStatus.Succeeded or NodeRunStatus.Failed:
                await CompleteAsync(stored.Node);
                break;
            case ApprovalExpired expired when run.Nodes[expired.NodeId].Status == NodeRunStatus.WaitingForApproval:
                var node = run.Nodes[expired.NodeId];
                await CompleteAsync(node with { Status = NodeRunStatus.Failed, Error = "No decision before the approval timeout", FinishedAt = now });
                break;
            case CancelRequested when !_cancelled:
                _cancelled = true;
                await _stop.CancelAsync();
                foreach (var paused in run.Nodes.Values.Where(n => n.Status == NodeRunStatus.WaitingForApproval).ToList())
                {
                    await SetNodeAsync(paused with { Status = NodeRunStatus.Cancelled, Error = "The run was cancelled", FinishedAt = now });
                }

                break;
        }
    }

    private async Task FinishNodeAsync(NodeRun node, NodeResult? result, IReadOnlyList<string> logs, DateTimeOffset now)
    {
        node = node with { Logs = logs, FinishedAt = now };
        switch (result?.Outcome)
        {
            case null:
                await CompleteAsync(node with { Status = NodeRunStatus.Cancelled, Error = "The run was cancelled" });
                break;
            case NodeOutcome.WaitingForApproval:
                var paused = node with
                {
                    Status = NodeRunStatus.WaitingForApproval,
                    FinishedAt = null,
                    ApprovalDeadline = result.ApprovalTimeout is { } timeout ? now + timeout : null,
                };
                await SetNodeAsync(paused);
                StartApprovalTimer(paused);
                break;
            case NodeOutcome.Succeeded:
                if (result.Variables is { } variables)
                {
                    foreach (var (name, value) in variables)
                    {
                        run.Vars[name] = value?.DeepClone();
                    }

                    await SaveRunAsync();
                }

                await CompleteAsync(node with { Status = NodeRunStatus.Succeeded, Output = result.Output, Ports = result.Ports, Error = null });
                break;
            default:
                await CompleteAsync(node with { Status = NodeRunStatus.Failed, Output = result.Output, Error = result.Error });
                break;
        }
    }

    /// <summary>Records a final node state and lets the nodes after it be considered.</summary>
    private async Task CompleteAsync(NodeRun node)
    {
        await SetNodeAsync(node);
        AddView(node);
        if (node.Status == NodeRunStatus.Failed && !ContinuesOnFail(node.NodeId))
        {
            _failure ??= $"Node '{node.NodeId}' failed: {node.Error}";
        }

        EnqueueSuccessors(node.NodeId);
    }

    private async Task FinishAsync()
    {
        var now = time.GetUtcNow();
        var reason = _cancelled ? "The run was cancelled" : $"Not started: {_failure}";
        foreach (var node in run.Nodes.Values.Where(n => n.Status is NodeRunStatus.Pending or NodeRunStatus.WaitingForApproval).ToList())
        {
            await SetNodeAsync(node with { Status = NodeRunStatus.Cancelled, Error = reason, FinishedAt = now });
        }

        run.Status = _cancelled ? WorkflowRunStatus.Cancelled : _failure is not null ? WorkflowRunStatus.Failed : WorkflowRunStatus.Succeeded;
        run.Error = _cancelled ? null : _failure;
        run.FinishedAt = now;
        await SaveRunAsync();

        // Stops approval timers; decisions that arrive now are refused.
        await _stop.CancelAsync();
        _inbox.Writer.TryComplete();
        while (_inbox.Reader.TryRead(out var late))
        {
            (late as DecisionRequested)?.Reply.TrySetResult(false);
        }
    }

    private void StartApprovalTimer(NodeRun node)
    {
        if (node.ApprovalDeadline is not { } deadline)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            var wait = deadline - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _inbox.Writer.TryWrite(new ApprovalExpired(node.NodeId));
        });
    }

    private void EnqueueSuccessors(string id)
    {
        foreach (var edge in plan.Outgoing[id])
        {
            _candidates.Enqueue(edge.To);
        }
    }

    private void AddView(NodeRun node)
    {
        if (node.Status is NodeRunStatus.Succeeded or NodeRunStatus.Failed)
        {
            _views = _views.SetItem(node.NodeId, new JsonObject
            {
                ["status"] = JsonNamingPolicy.CamelCase.ConvertName(node.Status.ToString()),
                ["output"] = node.Output?.DeepClone(),
                ["error"] = node.Error,
            });
        }
    }

    private bool ContinuesOnFail(string id) => NodePolicy.Flag(plan.Nodes[id].Config[BuiltInNodeTypes.EngineSettings.ContinueOnFail]);

    // State is saved even while the run is being cancelled, so store calls never take the run's token.
    private async Task SetNodeAsync(NodeRun node)
    {
        run.Nodes[node.NodeId] = node;
        _waitingIds = node.Status == NodeRunStatus.WaitingForApproval ? _waitingIds.Add(node.NodeId) : _waitingIds.Remove(node.NodeId);
        await store.SaveNodeAsync(run.Id, node, CancellationToken.None);
        bus.Publish(new WorkflowNotification(WorkflowNotificationKind.NodeChanged, run.Id, run.Status, node));
    }

    private async Task SaveRunAsync()
    {
        await store.SaveRunAsync(run, CancellationToken.None);
        bus.Publish(new WorkflowNotification(WorkflowNotificationKind.RunChanged, run.Id, run.Status));
    }

    private enum Ready
    {
        Wait,
        Run,
        Skip,
    }
}
