namespace WindFlow.Core.Stacks;

/// <summary>Turns an offset in a text into a 1-based line and column.</summary>
internal static class TextPosition
{
    public static (int Line, int Column) Of(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    public static TemplateError Error(string text, int offset, string message)
    {
        var (line, column) = Of(text, offset);
        return new TemplateError(line, column, message);
    }
}
