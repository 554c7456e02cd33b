using WindFlow.Core.Common;
using WindFlow.Core.Stacks;
using WindFlow.Web.Components.Shared;

namespace WindFlow.Web.Components.Pages.Stacks;

/// <summary>
/// What the stack editor holds between saves: the fields, the last schema that parsed, and the
/// problems of the current text mapped to the editor they belong to.
/// </summary>
public sealed class StackEditorState(StackService stacks)
{
    private const string NewTemplate = "services:\n  app:\n    image: nginx:1.27-alpine\n    ports:\n      - \"{{PORT}}:80\"\n";
    private const string NewVariables = "PORT:\n  type: integer\n  label: HTTP port\n  default: 8080\n  min: 1\n  max: 65535\n";

    private string _savedSnapshot = "";

    public Guid? Id { get; private set; }

    public int LatestVersion { get; private set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? Category { get; set; }

    public string? Icon { get; set; }

    /// <summary>Comma- or space-separated tags, as typed.</summary>
    public string? Tags { get; set; }

    public string Template { get; set; } = "";

    public string VariablesYaml { get; set; } = "";

    public string? ChangeSummary { get; set; }

    /// <summary>The last schema that parsed: the preview keeps showing it while the YAML is being edited.</summary>
    public VariableSchema Schema { get; private set; } = VariableSchema.Empty;

    /// <summary>Values typed into the preview form (never saved: they only exercise the form and the render).</summary>
    public Dictionary<string, string?> PreviewValues { get; set; } = [];

    public IReadOnlyList<InputProblem> Problems { get; private set; } = [];

    public IReadOnlyList<EditorDiagnostic> TemplateDiagnostics { get; private set; } = [];

    public IReadOnlyList<EditorDiagnostic> VariableDiagnostics { get; private set; } = [];

    public bool IsDirty => Snapshot() != _savedSnapshot;

    public bool IsNew => Id is null;

    public void StartNew()
    {
        Template = NewTemplate;
        VariablesYaml = NewVariables;
        Revalidate();
        _savedSnapshot = Snapshot();
    }

    public void Load(StackDetails details)
    {
        var (stack, version, schema) = details;
        Id = stack.Id;
        LatestVersion = stack.LatestVersion;
        Name = stack.Name;
        Description = stack.Description;
        Category = stack.Category;
        Icon = stack.Icon;
        Tags = string.Join(", ", stack.Tags);
        Template = version.Template;
        VariablesYaml = schema.Count == 0 ? "" : VariableSchemaYaml.Write(schema);
        ChangeSummary = null;
        Revalidate();
        _savedSnapshot = Snapshot();
    }

    /// <summary>Parses the schema, validates the template with it and maps every problem to its editor.</summary>
    public void Revalidate()
    {
        var parsed = VariableSchemaYaml.Parse(VariablesYaml);
        var problems = new List<InputProblem>();
        if (parsed.Schema is { } schema)
        {
            Schema = schema;
        }
        else
        {
            problems.AddRange(parsed.Errors.Select(e => new InputProblem(
                e.Variable is null ? "variables" : $"variables.{e.Variable}", e.Message, e.Line > 0 ? e.Line : null, e.Column > 0 ? e.Column : null)));
        }

        var check = stacks.Validate(Template, Schema, PreviewValues);
        problems.AddRange(check.Problems.Where(p => parsed.Schema is not null || !p.Field.StartsWith("variables", StringComparison.Ordinal)));
        Show(problems);
    }

    /// <summary>Shows the problems a save was refused for.</summary>
    public void Show(IReadOnlyList<InputProblem> problems)
    {
        Problems = problems;
        TemplateDiagnostics = Diagnostics(problems, p => p.Field == "template");
        VariableDiagnostics = Diagnostics(problems, p => p.Field.StartsWith("variables", StringComparison.Ordinal));
    }

    public StackInput ToInput() => new(
        Name,
        Description,
        Category,
        Icon,
        (Tags ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Template,
        VariableSchemaYaml.Parse(VariablesYaml).Schema,
        string.IsNullOrWhiteSpace(ChangeSummary) ? null : ChangeSummary.Trim());

    private static List<EditorDiagnostic> Diagnostics(IEnumerable<InputProblem> problems, Func<InputProblem, bool> belongs) =>
        [.. problems.Where(p => belongs(p) && p.Line is not null).Select(p => new EditorDiagnostic(p.Line!.Value, p.Column ?? 1, p.Message, EditorDiagnostic.Error))];

    private string Snapshot() => string.Join('\u0001', Name, Description, Category, Icon, Tags, Template, VariablesYaml);
}
