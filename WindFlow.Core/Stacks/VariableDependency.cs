namespace WindFlow.Core.Stacks;

/// <summary>
/// Makes a variable visible only when another one is set: with <paramref name="Value"/> null the
/// other variable must be truthy (not empty, <c>false</c>, <c>0</c>, <c>no</c> or <c>off</c>);
/// otherwise it must equal <paramref name="Value"/>.
/// </summary>
/// <param name="Name">The variable this one depends on.</param>
/// <param name="Value">The value it must have, as text; null for "any truthy value".</param>
public sealed record VariableDependency(string Name, string? Value = null);
