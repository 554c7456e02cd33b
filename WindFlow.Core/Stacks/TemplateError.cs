namespace WindFlow.Core.Stacks;

/// <summary>A problem in a stack template.</summary>
/// <param name="Line">1-based line in the template.</param>
/// <param name="Column">1-based column in the template.</param>
/// <param name="Message">What is wrong, naming the variable or construct.</param>
public sealed record TemplateError(int Line, int Column, string Message);

/// <summary>The outcome of rendering a template.</summary>
/// <param name="Text">The rendered text; null when there are errors.</param>
/// <param name="Errors">Every problem found.</param>
public sealed record RenderResult(string? Text, IReadOnlyList<TemplateError> Errors)
{
    /// <summary>Whether the template rendered without errors.</summary>
    public bool Succeeded => Text is not null && Errors.Count == 0;
}
