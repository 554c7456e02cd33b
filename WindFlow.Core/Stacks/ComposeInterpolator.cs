using System.Text;

namespace WindFlow.Core.Stacks;

/// <summary>
/// Compose-style interpolation: <c>${VAR}</c>, <c>$VAR</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>,
/// <c>${VAR:?message}</c>, <c>${VAR?message}</c>, <c>${VAR:+other}</c>, <c>${VAR+other}</c> and <c>$$</c> for a literal <c>$</c>.
/// Unlike compose, an unset variable without a default is an error: it is almost always a typo.
/// </summary>
internal sealed class ComposeInterpolator(IReadOnlyDictionary<string, object?> values, string template)
{
    private readonly List<TemplateError> _errors = [];
    private string _text = "";

    public IReadOnlyList<TemplateError> Errors => _errors;

    public string Interpolate(string text)
    {
        _text = text;
        return Expand(0, text.Length);
    }

    private string Expand(int start, int end)
    {
        var output = new StringBuilder(end - start);
        var i = start;
        while (i < end)
        {
            var c = _text[i];
            if (c != '$')
            {
                output.Append(c);
                i++;
                continue;
            }

            var next = i + 1 < end ? _text[i + 1] : '\0';
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                i = Braced(i, end, output);
            }
            else if (IsNameStart(next))
            {
                var nameEnd = NameEnd(i + 1, end);
                var name = _text[(i + 1)..nameEnd];
                output.Append(Lookup(name, out var set, out _) && set ? Value(name) : Undefined(i, nameEnd, name));
                i = nameEnd;
            }
            else
            {
                Error(i, i + 1, "A '$' must be followed by a variable name or '{'; write '$$' for a literal '$'.");
                output.Append('$');
                i++;
            }
        }

        return output.ToString();
    }

    private int Braced(int dollar, int end, StringBuilder output)
    {
        var close = MatchingBrace(dollar + 2, end);
        if (close < 0)
        {
            Error(dollar, dollar + 2, "This '${' is never closed with '}'.");
            output.Append(_text, dollar, end - dollar);
            return end;
        }

        var nameEnd = NameEnd(dollar + 2, close);
        var name = _text[(dollar + 2)..nameEnd];
        var modifier = _text[nameEnd..Math.Min(nameEnd + 2, close)];
        var colon = modifier.StartsWith(':');
        var op = colon ? modifier.Length > 1 ? modifier[1] : '\0' : nameEnd < close ? _text[nameEnd] : '\0';
        var argumentStart = nameEnd + (colon ? 2 : 1);
        if (name.Length == 0 || (nameEnd < close && op is not ('-' or '?' or '+')))
        {
            Error(dollar, close + 1, $"'{_text[dollar..(close + 1)]}' is not a valid interpolation; use ${{NAME}}, ${{NAME:-default}} or ${{NAME:?message}}.");
            return close + 1;
        }

        Lookup(name, out var set, out var empty);
        var present = set && !(colon && empty);
        switch (op)
        {
            case '-':
                output.Append(present ? Value(name) : Expand(argumentStart, close));
                break;
            case '+':
                output.Append(present ? Expand(argumentStart, close) : "");
                break;
            case '?' when !present:
                var message = _text[argumentStart..close];
                Error(dollar, close + 1, message.Length > 0 ? $"{name}: {message}" : $"Variable '{name}' is required here but has no value.");
                break;
            default:
                output.Append(set ? Value(name) : Undefined(dollar, close + 1, name));
                break;
        }

        return close + 1;
    }

    private int MatchingBrace(int from, int end)
    {
        var depth = 0;
        for (var i = from; i < end; i++)
        {
            if (_text[i] == '$' && i + 1 < end && _text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (_text[i] == '}' && depth-- == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private bool Lookup(string name, out bool set, out bool empty)
    {
        set = values.TryGetValue(name, out var value) && value is not null;
        empty = set && Value(name).Length == 0;
        return true;
    }

    private string Value(string name) => VariableTypeNames.FormatValue(values[name]);

    private string Undefined(int start, int end, string name)
    {
        Error(start, end, $"Variable '{name}' is not defined; add it to the stack's variables or give a default with ${{{name}:-value}}.");
        return "";
    }

    private void Error(int start, int end, string message)
    {
        // Report the position in the template when the same expression appears there; else in the rendered text.
        var expression = _text[start..end];
        var inTemplate = template.IndexOf(expression, StringComparison.Ordinal);
        _errors.Add(inTemplate >= 0
            ? TextPosition.Error(template, inTemplate, message)
            : TextPosition.Error(_text, start, message + " (position in the rendered text)"));
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private int NameEnd(int from, int end)
    {
        var i = from;
        if (i < end && IsNameStart(_text[i]))
        {
            i++;
            while (i < end && (char.IsAsciiLetterOrDigit(_text[i]) || _text[i] == '_'))
            {
                i++;
            }
        }

        return i;
    }
}
