using System.Text.Json;
using System.Text.Json.Nodes;
using WindFlow.Core.Common;
using WindFlow.Core.Deployments;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>Waits for a deployment run to finish; workflow nodes that act on deployments end when their run does.</summary>
public sealed class DeploymentRunWaiter(DeploymentService deployments, TimeProvider time)
{
    // A deployment run takes seconds; polling twice a second costs one indexed read and needs no subscription bookkeeping.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The finished run (the node's timeout bounds the wait through <paramref name="cancellationToken"/>).</summary>
    public async Task<Run> WaitAsync(Guid runId, Action<string> log, CancellationToken cancellationToken)
    {
        var lastStatus = (RunStatus?)null;
        while (true)
        {
            var run = (await deployments.GetRunAsync(runId, cancellationToken)).Value
                ?? throw new InvalidOperationException($"Deployment run {runId} disappeared.");
            if (run.Status != lastStatus)
            {
                log($"Deployment run {run.Id} ({run.Kind}): {run.Status}");
                lastStatus = run.Status;
            }

            if (run.IsFinished)
            {
                return run;
            }

            await Task.Delay(Interval, time, cancellationToken);
        }
    }

    /// <summary>The node's outcome for a queued deployment run: <c>{deploymentId, revision, runId, status}</c>, failing when the run did.</summary>
    public async Task<NodeResult> FinishAsync(OperationResult<RunAccepted> queued, Action<string> log, CancellationToken cancellationToken)
    {
        if (!queued.Succeeded)
        {
            return NodeResult.Failure(queued.Error!.Message);
        }

        var accepted = queued.Value!;
        var run = await WaitAsync(accepted.RunId, log, cancellationToken);
        var deployment = (await deployments.GetAsync(accepted.DeploymentId, cancellationToken)).Value?.Deployment;
        var output = new JsonObject
        {
            ["deploymentId"] = accepted.DeploymentId,
            ["revision"] = deployment?.CurrentRevision,
            ["runId"] = accepted.RunId,
            ["status"] = run.Status.ToString().ToLowerInvariant(),
        };
        return run.Status == RunStatus.Succeeded
            ? NodeResult.Success(output)
            : NodeResult.Failure($"Deployment run {run.Id} {run.Status.ToString().ToLowerInvariant()}: {run.Error}");
    }
}

/// <summary>Reads node settings that may arrive as JSON numbers, strings or JSON text.</summary>
internal static class NodeConfig
{
    public static string? Text(JsonObject config, string name) =>
        config[name] is { } node && node.ToString() is { Length: > 0 } text ? text.Trim() : null;

    public static Guid? Id(JsonObject config, string name) => Guid.TryParse(Text(config, name), out var id) ? id : null;

    public static int? Integer(JsonObject config, string name) =>
        int.TryParse(Text(config, name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>An object (or the JSON text of one) as string values.</summary>
    public static Dictionary<string, string?>? Map(JsonObject config, string name)
    {
        var node = config[name];
        if (node?.GetValueKind() == JsonValueKind.String)
        {
            var text = node.GetValue<string>();
            node = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }

        return node is JsonObject map
            ? map.ToDictionary(p => p.Key, p => p.Value is null ? null : p.Value.GetValueKind() == JsonValueKind.String ? p.Value.GetValue<string>() : p.Value.ToJsonString(), StringComparer.Ordinal)
            : null;
    }
}

/// <summary>
/// <c>action.deploy</c>: updates <c>deploymentId</c>, or deploys <c>stackId</c> to <c>targetId</c> as
/// <c>name</c> (updating the deployment of that name when there is one), then waits for the run.
/// </summary>
public sealed class DeployExecutor(DeploymentService deployments, DeploymentRunWaiter waiter) : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => "action.deploy";

    /// <inheritdoc />
    public async Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var config = execution.Config;
        var values = NodeConfig.Map(config, "values");
        var stackVersion = NodeConfig.Integer(config, "stackVersion");
        var deploymentId = NodeConfig.Id(config, "deploymentId");
        if (deploymentId is null)
        {
            if (NodeConfig.Id(config, "stackId") is not { } stackId || NodeConfig.Id(config, "targetId") is not { } targetId || NodeConfig.Text(config, "name") is not { } name)
            {
                return NodeResult.Failure("Set deploymentId, or stackId, targetId and name.");
            }

            var existing = (await deployments.ListAsync(includeRemoved: false, cancellationToken))
                .FirstOrDefault(d => d.TargetId == targetId && string.Equals(d.Name, name, StringComparison.Ordinal));
            if (existing is null)
            {
                execution.Log($"Deploying a new deployment {name}");
                return await waiter.FinishAsync(
                    await deployments.CreateAsync(new DeployRequest(stackId, stackVersion, targetId, name, values), "workflow", cancellationToken),
                    execution.Log,
                    cancellationToken);
            }

            deploymentId = existing.Id;
        }

        execution.Log($"Updating deployment {deploymentId}");
        return await waiter.FinishAsync(
            await deployments.UpdateAsync(deploymentId.Value, values, stackVersion, "workflow", cancellationToken), execution.Log, cancellationToken);
    }
}

/// <summary><c>action.rollback</c>: returns <c>deploymentId</c> to <c>revision</c>, by default the one before the current.</summary>
public sealed class RollbackExecutor(DeploymentService deployments, DeploymentRunWaiter waiter) : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => "action.rollback";

    /// <inheritdoc />
    public async Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        if (NodeConfig.Id(execution.Config, "deploymentId") is not { } id)
        {
            return NodeResult.Failure("deploymentId is not a deployment id.");
        }

        var revision = NodeConfig.Integer(execution.Config, "revision");
        if (revision is null)
        {
            var details = await deployments.GetAsync(id, cancellationToken);
            var revisions = await deployments.RevisionsAsync(id, cancellationToken);
            if (!details.Succeeded || !revisions.Succeeded)
            {
                return NodeResult.Failure((details.Error ?? revisions.Error)!.Message);
            }

            var current = details.Value!.Deployment.CurrentRevision ?? int.MaxValue;
            revision = revisions.Value!.Where(r => r.Number < current).Select(r => (int?)r.Number).Max();
            if (revision is null)
            {
                return NodeResult.Failure("The deployment has no earlier revision to roll back to.");
            }
        }

        execution.Log($"Rolling back to revision {revision}");
        return await waiter.FinishAsync(
            await deployments.ActAsync(id, RunKind.Rollback, new RunParameters(Revision: revision), "workflow", cancellationToken), execution.Log, cancellationToken);
    }
}

/// <summary><c>action.start</c> and <c>action.stop</c>: one run kind on <c>deploymentId</c>.</summary>
public sealed class DeploymentActionExecutor(string nodeType, RunKind kind, DeploymentService deployments, DeploymentRunWaiter waiter) : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => nodeType;

    /// <inheritdoc />
    public async Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) =>
        NodeConfig.Id(execution.Config, "deploymentId") is { } id
            ? await waiter.FinishAsync(await deployments.ActAsync(id, kind, new RunParameters(), "workflow", cancellationToken), execution.Log, cancellationToken)
            : NodeResult.Failure("deploymentId is not a deployment id.");
}

/// <summary><c>action.waitHealthy</c>: waits until every container of <c>deploymentId</c> runs and none is unhealthy or starting.</summary>
public sealed class WaitHealthyExecutor(DeploymentService deployments, TimeProvider time) : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => "action.waitHealthy";

    /// <inheritdoc />
    public async Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        if (NodeConfig.Id(execution.Config, "deploymentId") is not { } id)
        {
            return NodeResult.Failure("deploymentId is not a deployment id.");
        }

        var last = "";
        while (true)
        {
            var details = await deployments.GetAsync(id, cancellationToken);
            if (!details.Succeeded)
            {
                return NodeResult.Failure(details.Error!.Message);
            }

            var containers = details.Value!.Services.SelectMany(s => s.Containers).ToList();
            var healthy = details.Value.EngineError is null && details.Value.ActiveRun is null && containers.Count > 0
                && containers.All(c => c.State == "running" && c.Health is null or "healthy");
            var summary = string.Join(", ", containers.Select(c => $"{c.Name}={c.State}{(c.Health is null ? "" : "/" + c.Health)}"));
            if (summary != last)
            {
                execution.Log(summary.Length == 0 ? "No containers yet" : summary);
                last = summary;
            }

            if (healthy)
            {
                return NodeResult.Success(new JsonObject { ["deploymentId"] = id, ["containers"] = containers.Count });
            }

            // The node's timeout (default 300 s) ends the wait.
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }
    }
}
