namespace WindFlow.Core.Stacks;

/// <summary>A stack as exported to or imported from one YAML document.</summary>
/// <param name="Name">The stack name (<c>metadata.name</c>, required).</param>
/// <param name="Description">What it is for.</param>
/// <param name="Category">A grouping such as CMS.</param>
/// <param name="Icon">An icon name.</param>
/// <param name="Tags">Free tags.</param>
/// <param name="Template">The compose template text, byte for byte.</param>
/// <param name="Variables">The variables.</param>
public sealed record StackDocumentContent(
    string Name, string? Description, string? Category, string? Icon, IReadOnlyList<string> Tags, string Template, VariableSchema Variables)
{
    /// <inheritdoc />
    public bool Equals(StackDocumentContent? other) =>
        other is not null && Name == other.Name && Description == other.Description && Category == other.Category
        && Icon == other.Icon && Tags.SequenceEqual(other.Tags) && Template == other.Template && Variables.Equals(other.Variables);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Template);
}

/// <summary>A problem in a stack document.</summary>
/// <param name="Line">1-based line in the document; 0 when unknown.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
/// <param name="Message">What is wrong.</param>
public sealed record DocumentError(int Line, int Column, string Message);

/// <summary>The outcome of <see cref="StackDocument.Parse"/>.</summary>
/// <param name="Document">The content; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem found.</param>
public sealed record StackDocumentResult(StackDocumentContent? Document, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether the document parsed without errors.</summary>
    public bool Succeeded => Document is not null && Errors.Count == 0;
}
