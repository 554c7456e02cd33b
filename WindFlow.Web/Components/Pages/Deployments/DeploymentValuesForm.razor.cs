using System.Globalization;
using Microsoft.AspNetCore.Components;
using WindFlow.Core.Common;
using WindFlow.Core.Stacks;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>
/// The values of a stack's variables as a form: one input per variable type, required marker, help,
/// <c>dependsOn</c> visibility and per-field errors. Its parameters match the shared VariableForm
/// (built elsewhere) so one can replace the other.
/// </summary>
public sealed partial class DeploymentValuesForm
{
    /// <summary>The stack version's variables, in form order.</summary>
    [Parameter, EditorRequired]
    public VariableSchema Schema { get; set; } = VariableSchema.Empty;

    /// <summary>The values by variable name (text, as the API takes them).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyDictionary<string, string?> Values { get; set; } = new Dictionary<string, string?>();

    /// <summary>Receives a new dictionary on every change.</summary>
    [Parameter]
    public EventCallback<IReadOnlyDictionary<string, string?>> ValuesChanged { get; set; }

    /// <summary>Error message by variable name.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, string>? Errors { get; set; }

    /// <summary>Secret variables that already hold a value: left empty, they keep it.</summary>
    [Parameter]
    public IReadOnlyCollection<string>? ExistingSecrets { get; set; }

    private static string Label(string name, VariableDefinition definition) =>
        definition.Required ? $"{definition.DisplayName(name)} *" : definition.DisplayName(name);

    private string? Text(string name) => Values.GetValueOrDefault(name);

    // The mask stands for "unchanged": the input shows empty with a placeholder saying so.
    private string? SecretText(string name) => Text(name) is { } value && value != WindFlow.Core.Common.SecretText.Mask ? value : null;

    private string SecretPlaceholder(string name) =>
        ExistingSecrets?.Contains(name) == true ? "Unchanged (type to replace)" : "Secret: never shown again";

    private long? Integer(string name) =>
        long.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private double? Number(string name) =>
        double.TryParse(Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private bool Boolean(string name) => Text(name) is { } text && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text is "1" or "yes" or "on");

    private Task SetAsync(string name, string? value)
    {
        var next = new Dictionary<string, string?>(Values, StringComparer.Ordinal) { [name] = string.IsNullOrEmpty(value) ? null : value };
        return ValuesChanged.InvokeAsync(next);
    }

    /// <summary>The form's starting values: each variable's default, as text.</summary>
    public static Dictionary<string, string?> Defaults(VariableSchema schema) => schema
        .Where(e => e.Value.Type != VariableType.Group && e.Value.Default is not null)
        .ToDictionary(
            e => e.Key,
            e => e.Value.Default is bool b ? (b ? "true" : "false") : Convert.ToString(e.Value.Default, CultureInfo.InvariantCulture),
            StringComparer.Ordinal);

    /// <summary>Client-side check, keyed by variable name; secrets left as the mask count as given.</summary>
    public static Dictionary<string, string> Validate(VariableSchema schema, IReadOnlyDictionary<string, string?> values, IReadOnlyCollection<string>? existingSecrets = null)
    {
        var effective = values
            .Where(p => schema.TryGet(p.Key, out _))
            .ToDictionary(p => p.Key, p => p.Value == WindFlow.Core.Common.SecretText.Mask ? null : p.Value, StringComparer.Ordinal);
        var errors = VariableValues.Validate(schema, effective)
            .Where(e => !(existingSecrets?.Contains(e.Name) == true && effective.GetValueOrDefault(e.Name) is null));
        return errors.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First().Message, StringComparer.Ordinal);
    }

    /// <summary>Server problems on <c>values.NAME</c> mapped to fields; the rest is returned as text.</summary>
    public static (Dictionary<string, string> Fields, string? Other) FromProblems(OperationError error)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var other = new List<string>();
        foreach (var problem in error.Problems ?? [])
        {
            if (problem.Field.StartsWith("values.", StringComparison.Ordinal))
            {
                fields.TryAdd(problem.Field["values.".Length..], problem.Message);
            }
            else
            {
                other.Add(problem.ToString());
            }
        }

        return (fields, other.Count > 0 ? string.Join("\n", other) : fields.Count == 0 ? error.Message : null);
    }
}
