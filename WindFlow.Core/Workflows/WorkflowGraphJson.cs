using System.Text.Json;
using System.Text.Json.Serialization;

namespace WindFlow.Core.Workflows;

/// <summary>
/// Reads and writes <see cref="WorkflowGraph"/> as camelCase JSON; null optional fields
/// (<c>name</c>, <c>position</c>, <c>fromPort</c>, <c>toPort</c>) are left out when writing.
/// </summary>
public static class WorkflowGraphJson
{
    /// <summary>The serializer options of the stored format.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Writes a graph.</summary>
    public static string Write(WorkflowGraph graph) => JsonSerializer.Serialize(graph, Options);

    /// <summary>Reads a graph; a node without <c>config</c> gets an empty one.</summary>
    /// <exception cref="JsonException">The text is not a graph; the message names the path.</exception>
    public static WorkflowGraph Read(string json)
    {
        var graph = JsonSerializer.Deserialize<WorkflowGraph>(json, Options)
            ?? throw new JsonException("A workflow graph must be a JSON object, not null.");
        if (graph.Nodes.Any(n => n is null || n.Id is null || n.Type is null) || graph.Edges.Any(e => e is null || e.From is null || e.To is null))
        {
            throw new JsonException("Every node needs an id and a type, and every edge a from and a to.");
        }

        // System.Text.Json leaves an omitted init property at null despite the initialiser.
        return graph with { Nodes = [.. graph.Nodes.Select(n => n.Config is null ? n with { Config = [] } : n)] };
    }
}
