namespace WindFlow.Core.Stacks;

/// <summary>One built-in template as stored: its id (the file name without extension) and its stack document text.</summary>
/// <param name="Id">Stable id, e.g. <c>postgresql</c>.</param>
/// <param name="Text">The stack document (see <see cref="StackDocument"/>).</param>
public sealed record TemplateFile(string Id, string Text);

/// <summary>Where the built-in templates come from (a directory of YAML files in production).</summary>
public interface ITemplateSource
{
    /// <summary>Every template found, ordered by id; unreadable ones are reported through <paramref name="onError"/> and left out.</summary>
    /// <param name="onError">Called with the id (or path) and the reason of each template that could not be read.</param>
    IReadOnlyList<TemplateFile> Load(Action<string, string> onError);
}
