using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Expressions;

/// <summary>The values an expression can reach, by root name.</summary>
public sealed class ExpressionScope
{
    /// <summary>What started the run: <c>trigger.body</c>, <c>trigger.type</c>...</summary>
    public JsonNode? Trigger { get; init; }

    /// <summary>Per finished node id, an object <c>{"status": ..., "output": ...}</c>.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Nodes { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>The run variables (<c>logic.set</c> adds to them).</summary>
    public JsonObject Vars { get; init; } = [];

    /// <summary>Secret values resolved for this evaluation only; they are never persisted.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();
}
