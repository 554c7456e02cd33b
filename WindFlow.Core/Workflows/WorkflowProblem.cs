namespace WindFlow.Core.Workflows;

/// <summary>A problem the canvas shows on a node (or on the whole workflow when <see cref="NodeId"/> is null).</summary>
/// <param name="NodeId">The offending node.</param>
/// <param name="Setting">The offending setting of that node, when one is to blame.</param>
/// <param name="Message">What is wrong, in words a user acts on.</param>
public sealed record WorkflowProblem(string? NodeId, string? Setting, string Message);
