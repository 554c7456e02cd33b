using Microsoft.Extensions.Logging;
using WindFlow.Core.Common;

namespace WindFlow.Core.Stacks;

/// <summary>A built-in template as the gallery shows it.</summary>
/// <param name="Id">The file name without extension.</param>
/// <param name="Content">The parsed stack document.</param>
public sealed record StackTemplate(string Id, StackDocumentContent Content)
{
    /// <summary>The template's display name (and the default stack name).</summary>
    public string Name => Content.Name;

    /// <summary>What it runs.</summary>
    public string? Description => Content.Description;

    /// <summary>Gallery group; "Other" when the document has none.</summary>
    public string Category => Content.Category ?? "Other";

    /// <summary>A Material icon name.</summary>
    public string? Icon => Content.Icon;

    /// <summary>Search tags.</summary>
    public IReadOnlyList<string> Tags => Content.Tags;
}

/// <summary>
/// The built-in templates: read once from an <see cref="ITemplateSource"/>, a broken one logged and
/// skipped (a bad file must never stop the app), and turned into stacks on request.
/// </summary>
public sealed partial class TemplateCatalog
{
    private readonly Lazy<IReadOnlyList<StackTemplate>> _templates;
    private readonly StackService _stacks;

    /// <summary>Creates the catalog; templates are loaded on first use.</summary>
    public TemplateCatalog(ITemplateSource source, StackService stacks, ILogger<TemplateCatalog> logger)
    {
        _stacks = stacks;
        _templates = new Lazy<IReadOnlyList<StackTemplate>>(() => Load(source, logger));
    }

    /// <summary>Every valid template, ordered by category then name.</summary>
    public IReadOnlyList<StackTemplate> List() => _templates.Value;

    /// <summary>The template with this id, if any.</summary>
    public StackTemplate? Find(string id) => _templates.Value.FirstOrDefault(t => t.Id == id);

    /// <summary>The template's name, or "name (2)", "name (3)"... when a stack already uses it.</summary>
    public async Task<string> SuggestNameAsync(string id, CancellationToken cancellationToken)
    {
        var name = Find(id)?.Name ?? id;
        var taken = (await _stacks.ListAsync(true, cancellationToken)).Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; ; i++)
        {
            var candidate = i == 1 ? name : $"{name} ({i})";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Creates a stack named <paramref name="name"/> from a template (the template id is kept on the stack).</summary>
    public async Task<OperationResult<StackDetails>> CreateStackAsync(string id, string? name, string? author, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } template)
        {
            return new OperationError(OperationErrorKind.NotFound, $"No built-in template has id {id}.");
        }

        var content = template.Content with { Name = string.IsNullOrWhiteSpace(name) ? template.Name : name.Trim() };
        return await _stacks.ImportAsync(StackDocument.Write(content), author, cancellationToken, template.Id);
    }

    private static List<StackTemplate> Load(ITemplateSource source, ILogger logger)
    {
        var templates = new List<StackTemplate>();
        foreach (var file in source.Load((id, reason) => LogUnreadable(logger, id, reason)))
        {
            var parsed = StackDocument.Parse(file.Text);
            if (parsed.Succeeded)
            {
                templates.Add(new StackTemplate(file.Id, parsed.Document!));
            }
            else
            {
                LogUnreadable(logger, file.Id, string.Join("; ", parsed.Errors.Select(e => $"line {e.Line}: {e.Message}")));
            }
        }

        return [.. templates.OrderBy(t => t.Category, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Built-in template {Id} was skipped: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string id, string reason);
}
