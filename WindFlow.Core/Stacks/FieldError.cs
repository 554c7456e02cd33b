namespace WindFlow.Core.Stacks;

/// <summary>A problem with the value of one variable, worded to be shown next to its field.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Message">What is wrong, e.g. "Port must be at most 65535".</param>
public sealed record FieldError(string Name, string Message);

/// <summary>The values after <see cref="VariableValues.GenerateMissing"/>.</summary>
/// <param name="Values">The given values plus the generated ones.</param>
/// <param name="Generated">The names that were generated now; persist these so later deploys reuse them.</param>
public sealed record GeneratedValues(IReadOnlyDictionary<string, string?> Values, IReadOnlyList<string> Generated);
