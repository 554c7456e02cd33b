using System.Globalization;
using System.Text.Json.Nodes;
using WindFlow.Core.Stacks;
using WindFlow.Core.Workflows;
using WindFlow.Web.Components.Shared.VariableForm;

namespace WindFlow.Web.Components.Pages.Workflows;

/// <summary>
/// The workflow being edited, owned by the server: the canvas only reports edits, which are folded
/// in here. Removed nodes are kept aside so that undo on the canvas (which re-adds a node with the
/// same id) gets its settings back.
/// </summary>
public sealed class WorkflowEditorState(NodeTypeRegistry types, WorkflowValidator validator)
{
    private readonly List<WorkflowNode> _nodes = [];
    private readonly List<WorkflowEdge> _edges = [];
    private readonly Dictionary<string, WorkflowNode> _removed = new(StringComparer.Ordinal);

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>Whether there are edits not saved yet (the navigation guard asks first).</summary>
    public bool IsDirty { get; private set; }

    public IReadOnlyList<WorkflowNode> Nodes => _nodes;

    public IReadOnlyList<WorkflowEdge> Edges => _edges;

    /// <summary>Problems of the last <see cref="Validate"/>.</summary>
    public IReadOnlyList<WorkflowProblem> Problems { get; private set; } = [];

    /// <summary>The node the side panel shows: the only selected node, else none.</summary>
    public string? SelectedId { get; private set; }

    public WorkflowNode? Selected => SelectedId is null ? null : _nodes.FirstOrDefault(n => n.Id == SelectedId);

    /// <summary>Replaces everything with <paramref name="graph"/> (a loaded version or an import).</summary>
    public void Load(string name, string? description, WorkflowGraph graph, bool dirty = false)
    {
        Name = name;
        Description = description;
        _nodes.Clear();
        _nodes.AddRange(graph.Nodes);
        _edges.Clear();
        _edges.AddRange(graph.Edges);
        _removed.Clear();
        SelectedId = null;
        IsDirty = dirty;
        Validate();
    }

    public WorkflowGraph ToGraph() => new() { Nodes = [.. _nodes], Edges = [.. _edges] };

    public void MarkSaved() => IsDirty = false;

    public void MarkDirty() => IsDirty = true;

    public IReadOnlyList<WorkflowProblem> Validate() => Problems = validator.Validate(ToGraph());

    /// <summary>Folds the canvas's edits in; returns whether anything changed.</summary>
    public bool Apply(IEnumerable<CanvasEdit> edits)
    {
        var changed = false;
        foreach (var edit in edits)
        {
            changed |= edit.Kind switch
            {
                "nodeAdded" => AddNode(edit),
                "nodeMoved" => MoveNode(edit),
                "nodeRemoved" => RemoveNode(edit.Id),
                "edgeAdded" => AddEdge(edit),
                "edgeRemoved" => RemoveEdge(edit),
                _ => false,
            };
        }

        if (changed)
        {
            IsDirty = true;
            Validate();
        }

        return changed;
    }

    public void Select(IReadOnlyList<string> ids) => SelectedId = ids.Count == 1 ? ids[0] : null;

    /// <summary>The selected node's settings as the generated form's text values.</summary>
    public Dictionary<string, string?> SettingsOf(WorkflowNode node)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Config)
        {
            values[key] = value switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => value.ToJsonString(),
            };
        }

        return values;
    }

    /// <summary>Writes form values back as JSON typed by the schema (numbers as numbers, booleans as booleans).</summary>
    public void SetSettings(string nodeId, IReadOnlyDictionary<string, string?> values)
    {
        var node = _nodes.FirstOrDefault(n => n.Id == nodeId);
        if (node is null || !types.TryGet(node.Type, out var type))
        {
            return;
        }

        var config = new JsonObject();
        foreach (var (key, text) in values)
        {
            if (text is not null)
            {
                config[key] = type.Settings.TryGet(key, out var definition) ? ToJson(definition, text) : JsonValue.Create(text);
            }
        }

        Replace(node, node with { Config = config });
    }

    public void Rename(string nodeId, string? name)
    {
        var node = _nodes.FirstOrDefault(n => n.Id == nodeId);
        if (node is not null)
        {
            Replace(node, node with { Name = string.IsNullOrWhiteSpace(name) ? null : name });
        }
    }

    /// <summary>The label the canvas shows: the node's name, else its type's label.</summary>
    public string LabelOf(WorkflowNode node) =>
        node.Name ?? (types.TryGet(node.Type, out var type) ? type.Label : node.Type);

    public CanvasGraph ToCanvas() => new(
        [.. _nodes.Select((n, i) => new CanvasNode(n.Id, n.Type, LabelOf(n), n.Position?.X ?? 40 + (i % 5 * 220), n.Position?.Y ?? 40 + (i / 5 * 100)))],
        [.. _edges.Select(e => new CanvasEdgeModel(e.From, e.FromPort, e.To, e.ToPort))]);

    public IReadOnlyList<CanvasProblem> CanvasProblems() =>
        [.. Problems.Where(p => p.NodeId is not null).Select(p => new CanvasProblem(p.NodeId!, p.Setting is null ? p.Message : $"{p.Setting}: {p.Message}"))];

    private static JsonNode? ToJson(VariableDefinition definition, string text) => definition.Type switch
    {
        // Text that does not parse stays text, so the validator can name the setting.
        VariableType.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        VariableType.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        VariableType.Boolean => JsonValue.Create(VariableText.IsTrue(text)),
        _ => JsonValue.Create(text),
    };

    private void Replace(WorkflowNode old, WorkflowNode updated)
    {
        _nodes[_nodes.IndexOf(old)] = updated;
        IsDirty = true;
        Validate();
    }

    private bool AddNode(CanvasEdit edit)
    {
        if (edit.Id is null || edit.Type is null || _nodes.Any(n => n.Id == edit.Id))
        {
            return false;
        }

        var position = new NodePosition(edit.X, edit.Y);
        WorkflowNode node;
        if (_removed.Remove(edit.Id, out var previous))
        {
            node = previous with { Position = position };
        }
        else if (edit.CopyOf is not null && (_nodes.FirstOrDefault(n => n.Id == edit.CopyOf) ?? _removed.GetValueOrDefault(edit.CopyOf)) is { } source)
        {
            node = new WorkflowNode(edit.Id, source.Type) { Name = source.Name, Position = position, Config = (JsonObject)source.Config.DeepClone() };
        }
        else
        {
            node = new WorkflowNode(edit.Id, edit.Type) { Position = position, Config = Defaults(edit.Type) };
        }

        _nodes.Add(node);
        return true;
    }

    // Only settings with a default are filled in, so required ones without one are flagged at once.
    private JsonObject Defaults(string type)
    {
        var config = new JsonObject();
        if (types.TryGet(type, out var descriptor))
        {
            foreach (var (name, definition) in descriptor.Settings)
            {
                if (definition.Default is { } value && VariableText.Format(value) is { } text)
                {
                    config[name] = ToJson(definition, text);
                }
            }
        }

        return config;
    }

    private bool MoveNode(CanvasEdit edit)
    {
        var node = _nodes.FirstOrDefault(n => n.Id == edit.Id);
        if (node is null || node.Position == new NodePosition(edit.X, edit.Y))
        {
            return false;
        }

        _nodes[_nodes.IndexOf(node)] = node with { Position = new NodePosition(edit.X, edit.Y) };
        return true;
    }

    private bool RemoveNode(string? id)
    {
        var node = _nodes.FirstOrDefault(n => n.Id == id);
        if (node is null)
        {
            return false;
        }

        _nodes.Remove(node);
        _removed[node.Id] = node;
        // The canvas removes connected edges with their node and reports them too; this keeps the model whole if it does not.
        _edges.RemoveAll(e => e.From == node.Id || e.To == node.Id);
        if (SelectedId == node.Id)
        {
            SelectedId = null;
        }

        return true;
    }

    private bool AddEdge(CanvasEdit edit)
    {
        if (edit.From is null || edit.To is null)
        {
            return false;
        }

        var edge = new WorkflowEdge(edit.From, edit.To) { FromPort = PortOrNull(edit.FromPort, NodePorts.Out), ToPort = PortOrNull(edit.ToPort, NodePorts.In) };
        if (_edges.Contains(edge))
        {
            return false;
        }

        _edges.Add(edge);
        return true;
    }

    private bool RemoveEdge(CanvasEdit edit) =>
        _edges.RemoveAll(e => e.From == edit.From && e.To == edit.To
            && e.SourcePort == (edit.FromPort ?? NodePorts.Out) && e.TargetPort == (edit.ToPort ?? NodePorts.In)) > 0;

    // The stored format leaves default ports out, as the example does.
    private static string? PortOrNull(string? port, string defaultPort) => port is null || port == defaultPort ? null : port;
}
