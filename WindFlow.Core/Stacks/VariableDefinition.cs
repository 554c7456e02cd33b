namespace WindFlow.Core.Stacks;

/// <summary>
/// One variable of a stack: how the deploy form shows it and which values it accepts.
/// A <see cref="VariableType.Group"/> holds no value; it lists the names of other (non-group)
/// variables of the same schema in <see cref="Members"/>, so a form can show them under one heading.
/// </summary>
/// <param name="Type">The kind of value.</param>
public sealed record VariableDefinition(VariableType Type)
{
    /// <summary>The text a form shows; the variable name when null.</summary>
    public string? Label { get; init; }

    /// <summary>The value used when none is given: <see cref="string"/>, <see cref="double"/> (number), <see cref="long"/> (integer) or <see cref="bool"/>.</summary>
    public object? Default { get; init; }

    /// <summary>Whether a value must be given (a default or a <see cref="Generate"/> rule satisfies it).</summary>
    public bool Required { get; init; }

    /// <summary>Smallest value (numbers) or shortest length (text).</summary>
    public double? Min { get; init; }

    /// <summary>Largest value (numbers) or longest length (text).</summary>
    public double? Max { get; init; }

    /// <summary>A .NET regular expression the whole text value must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>A hint shown under the field.</summary>
    public string? Help { get; init; }

    /// <summary>Whether the value is secret; <see cref="VariableType.Password"/> is always secret (see <see cref="IsSecret"/>).</summary>
    public bool Secret { get; init; }

    /// <summary>How to generate a missing value: <c>password:N</c> (8..128), <c>uuid</c> or <c>hex:N</c> (1..256).</summary>
    public string? Generate { get; init; }

    /// <summary>The allowed values of a <see cref="VariableType.Select"/>.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>When set, the field is shown (and validated) only while the dependency holds.</summary>
    public VariableDependency? DependsOn { get; init; }

    /// <summary>For a <see cref="VariableType.Group"/>: the names of the variables it shows, in order.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary>Whether the value must be treated as a secret.</summary>
    public bool IsSecret => Secret || Type == VariableType.Password;

    /// <summary>The text that names this variable in messages: its label, else its name.</summary>
    /// <param name="name">The variable name.</param>
    public string DisplayName(string name) => string.IsNullOrWhiteSpace(Label) ? name : Label;

    /// <inheritdoc />
    public bool Equals(VariableDefinition? other) =>
        other is not null
        && Type == other.Type && Label == other.Label && Equals(Default, other.Default)
        && Required == other.Required && Min == other.Min && Max == other.Max
        && Pattern == other.Pattern && Help == other.Help && Secret == other.Secret
        && Generate == other.Generate && Options.SequenceEqual(other.Options)
        && DependsOn == other.DependsOn && Members.SequenceEqual(other.Members);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Label, Default, Pattern, Options.Count, Members.Count);
}
