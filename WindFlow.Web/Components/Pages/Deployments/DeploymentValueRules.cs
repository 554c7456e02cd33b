using System.Globalization;
using WindFlow.Core.Common;
using WindFlow.Core.Stacks;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>What the deploy wizard and the values tab need around the shared VariableForm: defaults, checks, server errors.</summary>
public static class DeploymentValueRules
{
    /// <summary>The form's starting values: each variable's default, as text.</summary>
    public static Dictionary<string, string?> Defaults(VariableSchema schema) => schema
        .Where(e => e.Value.Type != VariableType.Group && e.Value.Default is not null)
        .ToDictionary(
            e => e.Key,
            e => e.Value.Default is bool b ? (b ? "true" : "false") : Convert.ToString(e.Value.Default, CultureInfo.InvariantCulture),
            StringComparer.Ordinal);

    /// <summary>
    /// The form's values for another stack version: what was entered for the variables it still has,
    /// its defaults for those it adds; values of variables it dropped are left out.
    /// </summary>
    public static Dictionary<string, string?> CarryOver(VariableSchema schema, IReadOnlyDictionary<string, string?> values)
    {
        var carried = Defaults(schema);
        foreach (var (name, value) in values)
        {
            if (schema.TryGet(name, out var definition) && definition.Type != VariableType.Group)
            {
                carried[name] = value;
            }
        }

        return carried;
    }

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

    /// <summary>The errors as the VariableForm takes them.</summary>
    public static IReadOnlyList<FieldError> AsFieldErrors(IReadOnlyDictionary<string, string>? errors) =>
        errors?.Select(p => new FieldError(p.Key, p.Value)).ToList() ?? [];
}
