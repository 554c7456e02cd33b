using System.Text.Json;
using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>Triggers pass what started the run on as their output.</summary>
public sealed class TriggerExecutor(string nodeType) : IWorkflowNodeExecutor
{
    /// <summary>One executor per built-in trigger type.</summary>
    public static IEnumerable<TriggerExecutor> All =>
        BuiltInNodeTypes.All.Where(t => t.Category == NodeCategory.Trigger).Select(t => new TriggerExecutor(t.Type));

    /// <inheritdoc />
    public string NodeType => nodeType;

    /// <inheritdoc />
    public Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) =>
        Task.FromResult(NodeResult.Success(execution.Scope.Trigger?.DeepClone()));
}

/// <summary><c>logic.condition</c>: evaluates <c>expression</c> and takes the <c>true</c> or <c>false</c> output.</summary>
public sealed class ConditionExecutor : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => "logic.condition";

    /// <inheritdoc />
    public Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var text = execution.Node.Config["expression"]?.GetValue<string>() ?? "";
        var result = Expressions.ExpressionEvaluator.EvaluateCondition(WorkflowValidator.ParseWholeExpression(text), execution.Scope);
        return Task.FromResult(NodeResult.Success(new JsonObject { ["result"] = result }, [result ? NodePorts.True : NodePorts.False]));
    }
}

/// <summary><c>logic.join</c>: the engine decides when it runs; its output maps each live input node to that node's output.</summary>
public sealed class JoinExecutor : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => "logic.join";

    /// <inheritdoc />
    public Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken) =>
        Task.FromResult(NodeResult.Success(new JsonObject(execution.Inputs.Select(i => KeyValuePair.Create(i.Key, i.Value?.DeepClone())))));
}

/// <summary><c>logic.set</c>: <c>values</c> (an object, or JSON text of one) become run variables and the output.</summary>
public sealed class SetVariablesExecutor : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => "logic.set";

    /// <inheritdoc />
    public Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var values = execution.Config["values"];
        if (values?.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                values = JsonNode.Parse(values.GetValue<string>());
            }
            catch (JsonException ex)
            {
                return Task.FromResult(NodeResult.Failure($"Variables must be a JSON object: {ex.Message}"));
            }
        }

        return Task.FromResult(values is JsonObject obj
            ? NodeResult.Success(obj.DeepClone()) with { Variables = obj }
            : NodeResult.Failure("Variables must be a JSON object of name -> value."));
    }
}

/// <summary><c>action.delay</c>: waits <c>seconds</c> on the engine's clock.</summary>
public sealed class DelayExecutor(TimeProvider time) : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => "action.delay";

    /// <inheritdoc />
    public async Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var seconds = NodePolicy.Number(execution.Config["seconds"]);
        if (seconds is not >= 0)
        {
            return NodeResult.Failure("Seconds must be a number of at least 0.");
        }

        await Task.Delay(TimeSpan.FromSeconds(seconds.Value), time, cancellationToken);
        return NodeResult.Success(new JsonObject { ["seconds"] = seconds });
    }
}

/// <summary><c>action.approval</c>: pauses its branch until someone approves or rejects, or <c>timeoutSeconds</c> pass.</summary>
public sealed class ApprovalExecutor : IWorkflowNodeExecutor
{
    /// <inheritdoc />
    public string NodeType => "action.approval";

    /// <inheritdoc />
    public Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        execution.Log("Waiting for approval: " + execution.Config["message"]?.ToString());
        var timeout = NodePolicy.Number(execution.Config[BuiltInNodeTypes.EngineSettings.TimeoutSeconds]) is > 0 and var s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        return Task.FromResult(NodeResult.WaitForApproval(timeout));
    }
}
