using Microsoft.AspNetCore.Components;
using WindFlow.Core.Stacks;

namespace WindFlow.Web.Components.Shared.VariableForm;

/// <summary>
/// A deploy form generated from a <see cref="VariableSchema"/>. Values are text, as the API takes
/// them; an empty value means "not given" (the default, a generated value or, for a secret that is
/// already set, the stored value applies). Client-side errors come from <see cref="VariableValues.Validate"/>
/// and show once a field was touched; <see cref="Errors"/> from the server always show.
/// </summary>
public sealed partial class VariableForm
{
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private IReadOnlyList<FieldError> _clientErrors = [];

    /// <summary>The variables to render.</summary>
    [Parameter, EditorRequired]
    public VariableSchema? Schema { get; set; }

    /// <summary>The values so far by variable name; never modified, a changed copy is raised through <see cref="ValuesChanged"/>.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, string?>? Values { get; set; }

    [Parameter]
    public EventCallback<Dictionary<string, string?>> ValuesChanged { get; set; }

    /// <summary>Errors found elsewhere (the server), shown next to their fields.</summary>
    [Parameter]
    public IReadOnlyList<FieldError>? Errors { get; set; }

    /// <summary>Secrets that already have a stored value: shown as "•••• (unchanged)"; leaving them empty keeps them.</summary>
    [Parameter]
    public IReadOnlyCollection<string>? ExistingSecrets { get; set; }

    [Parameter]
    public bool ReadOnly { get; set; }

    /// <summary>Whether the current values pass the schema's rules (a parent may use it to enable its submit button).</summary>
    public bool IsValid => _clientErrors.Count == 0;

    /// <summary>Marks every field touched so all client-side errors show (call before submitting).</summary>
    public void ShowAllErrors()
    {
        foreach (var name in Schema?.Names ?? [])
        {
            _touched.Add(name);
        }

        StateHasChanged();
    }

    /// <inheritdoc />
    protected override void OnParametersSet() =>
        _clientErrors = Schema is null ? [] : VariableValues.Validate(Schema, Current);

    private IReadOnlyDictionary<string, string?> Current => Values ?? new Dictionary<string, string?>();

    private bool IsVisible(string name) => VariableValues.IsVisible(Schema!, name, Current);

    private string? ValueOf(string name) => Current.TryGetValue(name, out var value) ? value : null;

    private bool IsExisting(string name) => ExistingSecrets?.Contains(name) == true;

    private string? ErrorOf(string name) =>
        Errors?.FirstOrDefault(e => e.Name == name)?.Message
        ?? (_touched.Contains(name) ? _clientErrors.FirstOrDefault(e => e.Name == name)?.Message : null);

    private async Task OnChangedAsync(string name, string? value)
    {
        _touched.Add(name);
        var next = new Dictionary<string, string?>(Current, StringComparer.Ordinal);
        if (string.IsNullOrEmpty(value))
        {
            next.Remove(name);
        }
        else
        {
            next[name] = value;
        }

        // Validated here too, so a parent that does not feed Values back still sees errors at once.
        _clientErrors = VariableValues.Validate(Schema!, next);
        await ValuesChanged.InvokeAsync(next);
    }
}
