using System.Text.Json.Nodes;
using WindFlow.Core.Workflows.Expressions;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>Executes the nodes of one type; the engine picks the executor whose <see cref="NodeType"/> matches.</summary>
public interface IWorkflowNodeExecutor
{
    /// <summary>The node type id it executes, e.g. <c>action.http</c>.</summary>
    string NodeType { get; }

    /// <summary>
    /// Runs one attempt. Throwing counts as a failure; the token is cancelled when the run is
    /// cancelled or the attempt times out.
    /// </summary>
    Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken);
}

/// <summary>What an executor gets for one attempt.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Node">The node as drawn (settings not evaluated).</param>
/// <param name="Config">The settings with expressions evaluated and secrets resolved; never persist it.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="Inputs">Per live upstream node id, its output.</param>
/// <param name="Scope">The expression scope, for nodes that evaluate expressions themselves.</param>
/// <param name="Log">Appends a line to the node's logs (and shows it live).</param>
public sealed record NodeExecution(
    Guid RunId,
    WorkflowNode Node,
    JsonObject Config,
    int Attempt,
    IReadOnlyDictionary<string, JsonNode?> Inputs,
    ExpressionScope Scope,
    Action<string> Log);
