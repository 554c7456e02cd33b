using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows;

/// <summary>A shipped workflow to start from: the editor opens its graph as a new, unsaved workflow.</summary>
/// <param name="Id">The file name without extension (<c>staging-to-production</c>).</param>
/// <param name="Name">The suggested workflow name.</param>
/// <param name="Description">What it does and what to fill in.</param>
/// <param name="Graph">The drawing, in the stored format.</param>
public sealed record WorkflowTemplate(string Id, string Name, string Description, WorkflowGraph Graph);

/// <summary>
/// The workflow templates shipped inside Core as JSON in the stored format
/// (<c>Workflows/Templates/*.json</c>): part of the product, like the node types, so they are
/// compiled in rather than read from disk. A test checks that each one validates.
/// </summary>
public static class WorkflowTemplates
{
    private const string Prefix = "WindFlow.Core.Workflows.Templates.";

    /// <summary>Every template, by id.</summary>
    public static IReadOnlyList<WorkflowTemplate> All { get; } = Load();

    /// <summary>The template with <paramref name="id"/>, or null.</summary>
    public static WorkflowTemplate? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    private static List<WorkflowTemplate> Load()
    {
        var assembly = typeof(WorkflowTemplates).Assembly;
        var templates = new List<WorkflowTemplate>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var json = reader.ReadToEnd();
            var document = JsonNode.Parse(json)!.AsObject();
            templates.Add(new WorkflowTemplate(
                resource[Prefix.Length..^".json".Length],
                document["name"]!.GetValue<string>(),
                document["description"]!.GetValue<string>(),
                WorkflowGraphJson.Read(json)));
        }

        return templates;
    }
}
