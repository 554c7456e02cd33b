using System.Security.Cryptography;

namespace WindFlow.Core.Stacks;

/// <summary>Checks, completes and types the values a user gives for a stack's variables.</summary>
/// <remarks>An empty or null value counts as not given. Values are text, as a form or the API sends them.</remarks>
public static class VariableValues
{
    private static readonly string[] FalseTexts = ["false", "0", "no", "off"];

    /// <summary>Checks values against a schema: required, type, min/max, pattern and options. Hidden fields (unmet <c>dependsOn</c>) are skipped.</summary>
    /// <param name="schema">The stack's variables.</param>
    /// <param name="values">The given values by variable name.</param>
    /// <returns>One error per field at most; names that are not variables of the schema are errors too.</returns>
    public static IReadOnlyList<FieldError> Validate(VariableSchema schema, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        var errors = new List<FieldError>();
        foreach (var (name, definition) in schema)
        {
            if (definition.Type == VariableType.Group || !IsVisible(schema, name, values))
            {
                continue;
            }

            var given = Given(values, name);
            if (given is null)
            {
                if (definition.Required && definition.Default is null && definition.Generate is null)
                {
                    errors.Add(new FieldError(name, $"{definition.DisplayName(name)} is required"));
                }

                continue;
            }

            if (VariableValueRules.Check(name, definition, given) is { } message)
            {
                errors.Add(new FieldError(name, message));
            }
        }

        foreach (var name in values.Keys.Where(k => !schema.TryGet(k, out _)))
        {
            errors.Add(new FieldError(name, $"'{name}' is not a variable of this stack"));
        }

        foreach (var name in values.Keys.Where(k => schema.TryGet(k, out var d) && d.Type == VariableType.Group && Given(values, k) is not null))
        {
            errors.Add(new FieldError(name, $"{schema[name].DisplayName(name)} is a group and takes no value"));
        }

        return errors;
    }

    /// <summary>Whether a field is shown: its own <c>dependsOn</c>, its group's and those of the variables they depend on hold.</summary>
    /// <param name="schema">The stack's variables (valid: no dependency cycles).</param>
    /// <param name="name">The variable name.</param>
    /// <param name="values">The given values.</param>
    public static bool IsVisible(VariableSchema schema, string name, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current) || !schema.TryGet(current, out var definition))
            {
                continue;
            }

            if (definition.DependsOn is { } dependency)
            {
                if (!Holds(schema, dependency, values))
                {
                    return false;
                }

                pending.Push(dependency.Name);
            }

            if (schema.GroupOf(current) is { } group)
            {
                pending.Push(group);
            }
        }

        return true;
    }

    /// <summary>The values a template sees: given values, else defaults, typed (number: <see cref="double"/>, integer: <see cref="long"/>, boolean: <see cref="bool"/>, others: text). A variable without value or default is null. Groups are left out.</summary>
    /// <param name="schema">The stack's variables.</param>
    /// <param name="values">Given values, already checked with <see cref="Validate"/>.</param>
    /// <exception cref="ArgumentException">A value does not fit its type; call <see cref="Validate"/> first.</exception>
    public static IReadOnlyDictionary<string, object?> Resolve(VariableSchema schema, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        var resolved = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, definition) in schema.Where(e => e.Value.Type != VariableType.Group))
        {
            resolved[name] = Given(values, name) is { } text ? Typed(name, definition, text) : definition.Default;
        }

        return resolved;
    }

    /// <summary>Generates a value for each variable with a <c>generate</c> rule that has no value yet; existing values are kept.</summary>
    /// <param name="schema">The stack's variables (valid).</param>
    /// <param name="values">The values so far, including previously generated ones.</param>
    /// <param name="random">The source of randomness.</param>
    public static GeneratedValues GenerateMissing(VariableSchema schema, IReadOnlyDictionary<string, string?> values, RandomNumberGenerator random)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(random);
        var result = new Dictionary<string, string?>(values, StringComparer.Ordinal);
        var generated = new List<string>();
        foreach (var (name, definition) in schema)
        {
            if (definition.Generate is { } spec && Given(values, name) is null && VariableGenerator.TryParse(spec, out var rule, out _))
            {
                result[name] = VariableGenerator.Generate(rule, random);
                generated.Add(name);
            }
        }

        return new GeneratedValues(result, generated);
    }

    /// <summary>The names of the variables whose values are secret, in schema order.</summary>
    /// <param name="schema">The stack's variables.</param>
    public static IReadOnlyList<string> SecretNames(VariableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return [.. schema.Where(e => e.Value.IsSecret).Select(e => e.Key)];
    }

    private static string? Given(IReadOnlyDictionary<string, string?> values, string name) =>
        values.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private static bool Holds(VariableSchema schema, VariableDependency dependency, IReadOnlyDictionary<string, string?> values)
    {
        if (!schema.TryGet(dependency.Name, out var target))
        {
            return false;
        }

        var current = Given(values, dependency.Name) ?? VariableTypeNames.FormatValue(target.Default);
        if (dependency.Value is not { } expected)
        {
            return current.Trim().Length > 0 && !FalseTexts.Contains(current.Trim(), StringComparer.OrdinalIgnoreCase);
        }

        return target.Type switch
        {
            VariableType.Boolean => VariableValueRules.TryParseBoolean(current, out var a) && VariableValueRules.TryParseBoolean(expected, out var b) && a == b,
            VariableType.Number or VariableType.Integer =>
                VariableValueRules.TryParseNumber(current, out var x) && VariableValueRules.TryParseNumber(expected, out var y) && x == y,
            _ => string.Equals(current, expected, StringComparison.Ordinal),
        };
    }

    private static object Typed(string name, VariableDefinition definition, string text)
    {
        object? value = definition.Type switch
        {
            VariableType.Number => VariableValueRules.TryParseNumber(text, out var number) ? number : null,
            VariableType.Integer => VariableValueRules.TryParseInteger(text, out var integer) ? integer : null,
            VariableType.Boolean => VariableValueRules.TryParseBoolean(text, out var flag) ? flag : null,
            _ => text,
        };
        return value ?? throw new ArgumentException(
            $"{definition.DisplayName(name)} must be {VariableTypeNames.WithArticle(definition.Type)}, not '{text}'.", nameof(text));
    }
}
