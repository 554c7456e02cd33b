using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using WindFlow.Core.Workflows.Expressions;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>
/// Runs one node's attempts off the coordinator: evaluates its settings, calls its executor under a
/// timeout, retries with back-off, and reports each step to the coordinator's inbox.
/// </summary>
internal sealed class NodeTask(
    RunPlan plan,
    IWorkflowSecrets secrets,
    WorkflowBus bus,
    TimeProvider time,
    ChannelWriter<RunMessage> inbox,
    CancellationToken stop,
    Guid runId)
{
    private const string Masked = "••••";
    private readonly List<string> _logs = [];

    public async Task RunAsync(WorkflowNode node, int firstAttempt, IReadOnlyDictionary<string, JsonNode?> inputs, ExpressionScope scope, IReadOnlyList<string> logs)
    {
        _logs.AddRange(logs);
        NodeResult? result;
        try
        {
            result = await AttemptsAsync(node, firstAttempt, inputs, scope);
        }
        catch (Exception ex)
        {
            result = NodeResult.Failure(ex.Message);
        }

        inbox.TryWrite(new NodeFinished(node.Id, result, Logs()));
    }

    private async Task<NodeResult?> AttemptsAsync(WorkflowNode node, int firstAttempt, IReadOnlyDictionary<string, JsonNode?> inputs, ExpressionScope scope)
    {
        if (!plan.Executors.TryGetValue(node.Type, out var executor))
        {
            return NodeResult.Failure($"No executor is installed for node type '{node.Type}'.");
        }

        JsonObject config;
        JsonObject input;
        try
        {
            var expressionSettings = plan.Types[node.Id].ExpressionSettings;
            var secretValues = await ResolveSecretsAsync(node.Config);
            config = Render(node.Config, expressionSettings, new ExpressionScope { Trigger = scope.Trigger, Nodes = scope.Nodes, Vars = scope.Vars, Secrets = secretValues });
            var masked = secretValues.ToDictionary(s => s.Key, _ => Masked, StringComparer.Ordinal);
            input = Render(node.Config, expressionSettings, new ExpressionScope { Trigger = scope.Trigger, Nodes = scope.Nodes, Vars = scope.Vars, Secrets = masked });
        }
        catch (ExpressionException ex)
        {
            return NodeResult.Failure(ex.Message);
        }

        var policy = NodePolicy.Read(config);
        for (var retry = 0; ; retry++)
        {
            var attempt = firstAttempt + retry;
            inbox.TryWrite(new AttemptStarted(node.Id, attempt, input, Logs()));
            var result = await AttemptAsync(executor, new NodeExecution(runId, node, config, attempt, inputs, scope, Log), policy);
            if (result is null || result.Outcome != NodeOutcome.Failed || retry >= policy.Retries)
            {
                return result;
            }

            var delay = policy.BackOff(retry);
            Log($"Attempt {attempt} failed: {result.Error}; retrying in {delay.TotalSeconds} s");
            inbox.TryWrite(new AttemptFailed(node.Id, result.Error ?? "failed", Logs()));
            try
            {
                await Task.Delay(delay, time, stop);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>One attempt; null when the run was cancelled.</summary>
    private async Task<NodeResult?> AttemptAsync(IWorkflowNodeExecutor executor, NodeExecution execution, NodePolicy policy)
    {
        using var timeout = new CancellationTokenSource(policy.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        NodeResult result;
        try
        {
            result = await executor.ExecuteAsync(execution, linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            result = NodeResult.Failure("cancelled");
        }
        catch (Exception ex)
        {
            result = NodeResult.Failure(ex.Message);
        }

        // An executor may report cancellation as a failure instead of throwing: the cause decides.
        if (result.Outcome == NodeOutcome.Failed && stop.IsCancellationRequested)
        {
            return null;
        }

        return result.Outcome == NodeOutcome.Failed && timeout.IsCancellationRequested
            ? NodeResult.Failure($"Timed out after {policy.Timeout.TotalSeconds} s")
            : result;
    }

    private async Task<Dictionary<string, string>> ResolveSecretsAsync(JsonObject config)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in TemplateText.Paths(config).Where(p => p.Root == "secrets" && p.Segments.Count > 0))
        {
            var name = path.Segments[0].Name;
            if (!values.ContainsKey(name))
            {
                values[name] = await secrets.GetAsync(name, stop)
                    ?? throw new ExpressionException($"Secret '{name}' is not defined", path.Segments[0].Position);
            }
        }

        return values;
    }

    private static JsonObject Render(JsonObject config, IReadOnlyList<string> expressionSettings, ExpressionScope scope)
    {
        var rendered = new JsonObject();
        foreach (var (name, value) in config)
        {
            try
            {
                rendered[name] = expressionSettings.Contains(name) ? value?.DeepClone() : TemplateText.Render(value, scope);
            }
            catch (ExpressionException ex)
            {
                throw new ExpressionException($"Setting '{name}': {ex.Message}", ex.Position);
            }
        }

        return rendered;
    }

    private void Log(string line)
    {
        lock (_logs)
        {
            _logs.Add(line);
        }

        bus.Publish(new WorkflowNotification(WorkflowNotificationKind.NodeLog, runId, WorkflowRunStatus.Running, Log: line));
    }

    private string[] Logs()
    {
        lock (_logs)
        {
            return [.. _logs];
        }
    }
}
