using System.Text;

namespace WindFlow.Core.Workflows.Expressions;

/// <summary>Splits expression text into tokens; positions are offsets into the text plus <c>offset</c>.</summary>
internal static class ExpressionTokenizer
{
    public static List<ExpressionToken> Tokenize(string text, int offset = 0)
    {
        var tokens = new List<ExpressionToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new ExpressionToken(TokenKind.End, "", offset + i));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                var word = text[start..i];
                var kind = word switch
                {
                    "true" => TokenKind.True,
                    "false" => TokenKind.False,
                    "null" => TokenKind.Null,
                    _ => TokenKind.Identifier,
                };
                tokens.Add(new ExpressionToken(kind, word, offset + start));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new ExpressionToken(TokenKind.Number, text[start..i], offset + start));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(ReadString(text, ref i, offset));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                var (kind, length) = two switch
                {
                    "==" => (TokenKind.Equal, 2),
                    "!=" => (TokenKind.NotEqual, 2),
                    "<=" => (TokenKind.LessOrEqual, 2),
                    ">=" => (TokenKind.GreaterOrEqual, 2),
                    "&&" => (TokenKind.And, 2),
                    "||" => (TokenKind.Or, 2),
                    _ => c switch
                    {
                        '<' => (TokenKind.Less, 1),
                        '>' => (TokenKind.Greater, 1),
                        '!' => (TokenKind.Not, 1),
                        '.' => (TokenKind.Dot, 1),
                        '[' => (TokenKind.OpenBracket, 1),
                        ']' => (TokenKind.CloseBracket, 1),
                        '(' => (TokenKind.OpenParen, 1),
                        ')' => (TokenKind.CloseParen, 1),
                        _ => throw new ExpressionException($"Unexpected character '{c}' at position {offset + i}", offset + i),
                    },
                };
                i += length;
                tokens.Add(new ExpressionToken(kind, text.Substring(start, length), offset + start));
            }
        }
    }

    private static ExpressionToken ReadString(string text, ref int i, int offset)
    {
        var quote = text[i];
        var start = i;
        var value = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != quote)
        {
            // Only the quote and the backslash need escaping; anything else is kept as written.
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            value.Append(text[i]);
            i++;
        }

        if (i >= text.Length)
        {
            throw new ExpressionException($"Unterminated string starting at position {offset + start}: expected a closing {quote}", offset + start);
        }

        i++;
        return new ExpressionToken(TokenKind.String, value.ToString(), offset + start);
    }
}
