using System.Text.RegularExpressions;

namespace WindFlow.Core.Stacks;

/// <summary>
/// A light scan of the <c>{{ }}</c> tags of a template. Handlebars.Net reports few positions, so this
/// finds where a structural error or an undefined variable is.
/// </summary>
internal static partial class MustacheScanner
{
    private static readonly string[] ConditionalBlocks = ["if", "unless", "each", "with"];

    internal sealed record Tag(int Start, int ContentStart, string Content);

    [GeneratedRegex("\"[^\"]*\"|'[^']*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"[^\s()=]+")]
    private static partial Regex Token();

    /// <summary>The tags in order, or the offset of a <c>{{</c> that is never closed.</summary>
    public static List<Tag> Tags(string template, out int? unclosedAt)
    {
        unclosedAt = null;
        var tags = new List<Tag>();
        var index = 0;
        while ((index = template.IndexOf("{{", index, StringComparison.Ordinal)) >= 0)
        {
            if (index > 0 && template[index - 1] == '\\')
            {
                index += 2;
                continue;
            }

            var isLongComment = string.CompareOrdinal(template, index, "{{!--", 0, 5) == 0;
            var close = isLongComment
                ? template.IndexOf("--}}", index + 5, StringComparison.Ordinal)
                : template.IndexOf("}}", index + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                unclosedAt = index;
                return tags;
            }

            var end = close + (isLongComment ? 4 : 2);
            var contentStart = index + 2;
            var content = template[contentStart..close].Trim('{', '}', '~', '&');
            contentStart += template[contentStart..close].IndexOf(content, StringComparison.Ordinal) is var i and >= 0 ? i : 0;
            if (!content.StartsWith('!'))
            {
                tags.Add(new Tag(index, contentStart, content));
            }

            index = end;
        }

        return tags;
    }

    /// <summary>The first structural problem: an unclosed tag, a partial, a block without condition or a mismatched block.</summary>
    public static TemplateError? StructureError(string template)
    {
        var tags = Tags(template, out var unclosedAt);
        if (unclosedAt is { } at)
        {
            return TextPosition.Error(template, at, "This '{{' is never closed with '}}'.");
        }

        var open = new Stack<(string Name, int Start)>();
        foreach (var tag in tags)
        {
            var content = tag.Content.Trim();
            var name = content.Length > 1 ? content[1..].Trim().Split([' ', '\t', '\n', '\r'], 2)[0] : "";
            if (content.StartsWith('>'))
            {
                return TextPosition.Error(template, tag.Start, "Partials ('{{> ...}}') are not supported in stack templates.");
            }

            if (content.StartsWith('#'))
            {
                if (ConditionalBlocks.Contains(name) && content[1..].Trim().Length == name.Length)
                {
                    return TextPosition.Error(template, tag.Start, $"'{{{{#{name}}}}}' needs a value, e.g. '{{{{#{name} ENABLED}}}}'.");
                }

                open.Push((name, tag.Start));
            }
            else if (content.StartsWith('/'))
            {
                if (!open.TryPop(out var block))
                {
                    return TextPosition.Error(template, tag.Start, $"'{{{{/{name}}}}}' closes a block that was never opened.");
                }

                if (block.Name != name)
                {
                    return TextPosition.Error(template, tag.Start, $"'{{{{/{name}}}}}' closes '{{{{#{block.Name}}}}}', which must be closed first.");
                }
            }
        }

        return open.TryPop(out var unclosed)
            ? TextPosition.Error(template, unclosed.Start, $"'{{{{#{unclosed.Name}}}}}' is never closed with '{{{{/{unclosed.Name}}}}}'.")
            : null;
    }

    /// <summary>The offset of the first use of a variable name inside a tag, or of the first tag starting with it.</summary>
    public static int? Locate(string template, string name)
    {
        foreach (var tag in Tags(template, out _))
        {
            var content = StringLiteral().Replace(tag.Content, m => new string(' ', m.Length));
            foreach (Match token in Token().Matches(content))
            {
                var segments = token.Value.TrimStart('#', '/', '^', '@').Split('.', '/');
                if (segments.Contains(name, StringComparer.Ordinal))
                {
                    var within = token.Value.IndexOf(name, StringComparison.Ordinal);
                    return tag.ContentStart + token.Index + Math.Max(within, 0);
                }
            }
        }

        return null;
    }
}
