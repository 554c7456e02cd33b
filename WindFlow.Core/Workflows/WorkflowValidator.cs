using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WindFlow.Core.Workflows.Expressions;

namespace WindFlow.Core.Workflows;

/// <summary>
/// Checks a graph before save and before run. Rule chosen for triggers: exactly one trigger node,
/// because a run is started by one event and <c>trigger.*</c> must mean one thing; a workflow that
/// should also start by hand or by webhook is a separate workflow.
/// </summary>
public sealed partial class WorkflowValidator(NodeTypeRegistry types)
{
    /// <summary>Every problem of the graph; empty when it can be saved and run.</summary>
    public IReadOnlyList<WorkflowProblem> Validate(WorkflowGraph graph)
    {
        var problems = new List<WorkflowProblem>();
        var nodes = CheckNodes(graph, problems);
        CheckEdges(graph, nodes, problems);
        var cycles = WorkflowGraphOrder.FindCycles(graph);
        foreach (var cycle in cycles)
        {
            var message = "The workflow loops: " + string.Join(" -> ", cycle.Append(cycle[0]));
            problems.AddRange(cycle.Select(id => new WorkflowProblem(id, null, message)));
        }

        var triggers = graph.Nodes.Where(n => nodes.GetValueOrDefault(n.Id)?.Category == NodeCategory.Trigger).ToList();
        if (triggers.Count == 0)
        {
            problems.Add(new WorkflowProblem(null, null, "The workflow needs a trigger node."));
        }
        else if (triggers.Count > 1)
        {
            problems.AddRange(triggers.Skip(1).Select(t => new WorkflowProblem(t.Id, null,
                $"A workflow has exactly one trigger; '{triggers[0].Id}' is already its trigger.")));
        }

        // Ancestors cost O(nodes^2) on long chains; only graphs whose expressions name nodes need them.
        var upstream = new Lazy<Dictionary<string, HashSet<string>>?>(() => cycles.Count == 0 ? WorkflowGraphOrder.Ancestors(graph) : null);
        foreach (var node in graph.Nodes)
        {
            if (nodes.TryGetValue(node.Id, out var descriptor) && descriptor is not null)
            {
                CheckSettings(node, descriptor, problems);
                CheckExpressions(node, descriptor, nodes, upstream, problems);
            }
        }

        return problems;
    }

    /// <summary>Parses a setting that holds a whole expression; surrounding <c>{{ }}</c> are accepted.</summary>
    public static Expression ParseWholeExpression(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal))
        {
            var start = text.IndexOf("{{", StringComparison.Ordinal) + 2;
            return ExpressionParser.Parse(text[start..text.LastIndexOf("}}", StringComparison.Ordinal)], start);
        }

        return ExpressionParser.Parse(text);
    }

    private Dictionary<string, NodeTypeDescriptor?> CheckNodes(WorkflowGraph graph, List<WorkflowProblem> problems)
    {
        var nodes = new Dictionary<string, NodeTypeDescriptor?>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            if (!NodeId().IsMatch(node.Id))
            {
                problems.Add(new WorkflowProblem(node.Id, null,
                    $"Node id '{node.Id}' must start with a letter or '_' and hold only letters, digits and '_' so expressions can name it."));
            }

            types.TryGet(node.Type, out var descriptor);
            if (descriptor is null)
            {
                problems.Add(new WorkflowProblem(node.Id, null, $"Unknown node type '{node.Type}'."));
            }

            if (!nodes.TryAdd(node.Id, descriptor))
            {
                problems.Add(new WorkflowProblem(node.Id, null, $"Node id '{node.Id}' is used by more than one node."));
            }
        }

        return nodes;
    }

    private static void CheckEdges(WorkflowGraph graph, Dictionary<string, NodeTypeDescriptor?> nodes, List<WorkflowProblem> problems)
    {
        foreach (var edge in graph.Edges)
        {
            var from = nodes.GetValueOrDefault(edge.From);
            var to = nodes.GetValueOrDefault(edge.To);
            if (!nodes.ContainsKey(edge.From))
            {
                problems.Add(new WorkflowProblem(edge.To, null, $"An edge into '{edge.To}' comes from unknown node '{edge.From}'."));
            }
            else if (from is not null && !from.Outputs.Contains(edge.SourcePort))
            {
                problems.Add(new WorkflowProblem(edge.From, null,
                    $"'{edge.From}' has no output port '{edge.SourcePort}' (it has: {Ports(from.Outputs)})."));
            }

            if (!nodes.ContainsKey(edge.To))
            {
                problems.Add(new WorkflowProblem(edge.From, null, $"An edge from '{edge.From}' goes to unknown node '{edge.To}'."));
            }
            else if (to is not null && !to.Inputs.Contains(edge.TargetPort))
            {
                problems.Add(new WorkflowProblem(edge.To, null,
                    $"'{edge.To}' has no input port '{edge.TargetPort}' (it has: {Ports(to.Inputs)})."));
            }
        }

        var connected = graph.Edges.Select(e => (e.To, e.TargetPort)).ToHashSet();
        foreach (var node in graph.Nodes)
        {
            var descriptor = nodes.GetValueOrDefault(node.Id);
            foreach (var input in descriptor?.Inputs ?? [])
            {
                if (!connected.Contains((node.Id, input)))
                {
                    problems.Add(new WorkflowProblem(node.Id, null, $"Input '{input}' of '{node.Id}' is not connected."));
                }
            }
        }
    }

    private static void CheckSettings(WorkflowNode node, NodeTypeDescriptor descriptor, List<WorkflowProblem> problems)
    {
        foreach (var (name, definition) in descriptor.Settings)
        {
            if (definition.Required && definition.Default is null && IsEmpty(node.Config[name]))
            {
                problems.Add(new WorkflowProblem(node.Id, name, $"{definition.DisplayName(name)} is required."));
            }
        }

        // Deploy names its deployment either directly or by what identifies a new one.
        if (node.Type == "action.deploy" && IsEmpty(node.Config["deploymentId"])
            && new[] { "stackId", "targetId", "name" }.Any(s => IsEmpty(node.Config[s])))
        {
            problems.Add(new WorkflowProblem(node.Id, "deploymentId", "Give a deployment, or a stack, a target and a project name."));
        }
    }

    private static void CheckExpressions(
        WorkflowNode node,
        NodeTypeDescriptor descriptor,
        Dictionary<string, NodeTypeDescriptor?> nodes,
        Lazy<Dictionary<string, HashSet<string>>?> upstream,
        List<WorkflowProblem> problems)
    {
        foreach (var (setting, value) in node.Config)
        {
            List<PathExpression> paths;
            try
            {
                paths = descriptor.ExpressionSettings.Contains(setting) && value?.GetValueKind() == JsonValueKind.String
                    ? [.. ExpressionParser.Paths(ParseWholeExpression(value.GetValue<string>()))]
                    : [.. TemplateText.Paths(value)];
            }
            catch (ExpressionException ex)
            {
                problems.Add(new WorkflowProblem(node.Id, setting, ex.Message));
                continue;
            }

            foreach (var path in paths.Where(p => p.Root == "nodes" && p.Segments.Count > 0))
            {
                var target = path.Segments[0].Name;
                if (!nodes.ContainsKey(target))
                {
                    problems.Add(new WorkflowProblem(node.Id, setting, $"The expression refers to unknown node '{target}'."));
                }
                else if (upstream.Value is { } before && !before[node.Id].Contains(target))
                {
                    problems.Add(new WorkflowProblem(node.Id, setting,
                        $"The expression refers to '{target}', which does not run before '{node.Id}'."));
                }
            }
        }
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetValue<string>()));

    private static string Ports(IReadOnlyList<string> ports) => ports.Count == 0 ? "none" : string.Join(", ", ports);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NodeId();
}
