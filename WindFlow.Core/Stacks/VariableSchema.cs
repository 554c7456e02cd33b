using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace WindFlow.Core.Stacks;

/// <summary>The variables of a stack: an ordered map from name to definition (the order of the form).</summary>
public sealed class VariableSchema : IReadOnlyList<KeyValuePair<string, VariableDefinition>>, IEquatable<VariableSchema>
{
    private readonly List<KeyValuePair<string, VariableDefinition>> _entries;
    private readonly Dictionary<string, VariableDefinition> _byName;

    /// <summary>Creates a schema from entries in form order.</summary>
    /// <param name="entries">Name and definition pairs.</param>
    /// <exception cref="ArgumentException">A name appears twice.</exception>
    public VariableSchema(IEnumerable<KeyValuePair<string, VariableDefinition>> entries)
    {
        _entries = [.. entries];
        _byName = new Dictionary<string, VariableDefinition>(StringComparer.Ordinal);
        foreach (var (name, definition) in _entries)
        {
            if (!_byName.TryAdd(name, definition))
            {
                throw new ArgumentException($"Variable '{name}' is defined twice.", nameof(entries));
            }
        }
    }

    /// <summary>A schema without variables.</summary>
    public static VariableSchema Empty { get; } = new([]);

    /// <summary>The variable names in form order.</summary>
    public IEnumerable<string> Names => _entries.Select(e => e.Key);

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public KeyValuePair<string, VariableDefinition> this[int index] => _entries[index];

    /// <summary>The definition of a variable.</summary>
    /// <param name="name">The variable name.</param>
    public VariableDefinition this[string name] => _byName[name];

    /// <summary>Looks a variable up by name.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="definition">Its definition when found.</param>
    public bool TryGet(string name, [NotNullWhen(true)] out VariableDefinition? definition) =>
        _byName.TryGetValue(name, out definition);

    /// <summary>The group that lists a variable among its members, if any.</summary>
    /// <param name="name">The variable name.</param>
    public string? GroupOf(string name) =>
        _entries.FirstOrDefault(e => e.Value.Type == VariableType.Group && e.Value.Members.Contains(name)).Key;

    /// <summary>Checks the schema itself (names, types, defaults, patterns, options, generate rules, dependencies, groups).</summary>
    /// <returns>Every problem found; empty when the schema is valid.</returns>
    public IReadOnlyList<SchemaError> Validate() => VariableSchemaRules.Check(this);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, VariableDefinition>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(VariableSchema? other) =>
        other is not null
        && _entries.Count == other._entries.Count
        && _entries.Zip(other._entries).All(p => p.First.Key == p.Second.Key && p.First.Value.Equals(p.Second.Value));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as VariableSchema);

    /// <inheritdoc />
    public override int GetHashCode() => _entries.Count == 0 ? 0 : HashCode.Combine(_entries.Count, _entries[0].Key);
}
