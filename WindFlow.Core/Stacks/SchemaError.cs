namespace WindFlow.Core.Stacks;

/// <summary>A problem in a variables schema.</summary>
/// <param name="Variable">The variable it concerns, if any.</param>
/// <param name="Key">The definition key it concerns (<c>default</c>, <c>min</c>...), if any.</param>
/// <param name="Message">What is wrong, for a person.</param>
/// <param name="Line">1-based line in the YAML source; 0 when unknown (JSON input, schemas built in code).</param>
/// <param name="Column">1-based column in the YAML source; 0 when unknown.</param>
public sealed record SchemaError(string? Variable, string? Key, string Message, int Line = 0, int Column = 0);

/// <summary>The outcome of parsing a variables schema.</summary>
/// <param name="Schema">The schema; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem found.</param>
public sealed record SchemaParseResult(VariableSchema? Schema, IReadOnlyList<SchemaError> Errors)
{
    /// <summary>Whether the schema parsed without errors.</summary>
    public bool Succeeded => Schema is not null && Errors.Count == 0;
}
