using System.Text.Json;
using System.Text.Json.Nodes;
using WindFlow.Core.Workflows;

namespace WindFlow.Web.Components.Pages.Workflows;

/// <summary>
/// Export and import in the stored format of issue #6: <c>{name, description, nodes, edges}</c>,
/// the graph part written by <see cref="WorkflowGraphJson"/> so the API and the file agree.
/// </summary>
public static class WorkflowDocument
{
    public static string Write(string name, string? description, WorkflowGraph graph)
    {
        var document = new JsonObject { ["name"] = name };
        if (description is not null)
        {
            document["description"] = description;
        }

        var body = JsonNode.Parse(WorkflowGraphJson.Write(graph))!.AsObject();
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            document[key] = value;
        }

        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <exception cref="JsonException">The text is not a workflow document.</exception>
    public static (string? Name, string? Description, WorkflowGraph Graph) Read(string json)
    {
        var graph = WorkflowGraphJson.Read(json);
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        return (Text(root?["name"]), Text(root?["description"]), graph);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
