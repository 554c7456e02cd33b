using System.Globalization;
using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Expressions;

/// <summary>
/// Parses the expression language of workflow settings and conditions. Precedence from loosest to
/// tightest: <c>||</c>, <c>&amp;&amp;</c>, <c>== !=</c>, <c>&lt; &lt;= &gt; &gt;=</c>, <c>!</c>, then literals
/// (<c>"text"</c>, <c>'text'</c>, <c>12</c>, <c>1.5</c>, <c>true</c>, <c>false</c>, <c>null</c>),
/// paths (<c>nodes.a.output.items[0]</c>) and parentheses.
/// </summary>
public static class ExpressionParser
{
    /// <summary>The names a path may start with.</summary>
    public static IReadOnlyList<string> Roots { get; } = ["trigger", "nodes", "vars", "secrets"];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The expression.</param>
    /// <param name="offset">Added to every position, so errors point into a larger setting string.</param>
    /// <exception cref="ExpressionException">The text is not an expression; the message says where and what was expected.</exception>
    public static Expression Parse(string text, int offset = 0)
    {
        var reader = new Reader(ExpressionTokenizer.Tokenize(text, offset));
        var expression = reader.Or();
        reader.Expect(TokenKind.End, "an operator or the end of the expression");
        return expression;
    }

    /// <summary>Every path in an expression, in reading order.</summary>
    public static IEnumerable<PathExpression> Paths(Expression expression) => expression switch
    {
        PathExpression path => [path],
        NotExpression not => Paths(not.Operand),
        BinaryExpression binary => Paths(binary.Left).Concat(Paths(binary.Right)),
        _ => [],
    };

    private sealed class Reader(List<ExpressionToken> tokens)
    {
        private int _next;

        private ExpressionToken Current => tokens[_next];

        public Expression Or() => Binary(And, TokenKind.Or);

        public ExpressionToken Expect(TokenKind kind, string expected)
        {
            var token = Current;
            if (token.Kind != kind)
            {
                throw new ExpressionException($"Expected {expected} at position {token.Position} but found {token.Describe()}", token.Position);
            }

            _next++;
            return token;
        }

        private Expression And() => Binary(Equality, TokenKind.And);

        private Expression Equality() => Binary(Comparison, TokenKind.Equal, TokenKind.NotEqual);

        private Expression Comparison() => Binary(Unary, TokenKind.Less, TokenKind.LessOrEqual, TokenKind.Greater, TokenKind.GreaterOrEqual);

        private Expression Binary(Func<Expression> operand, params TokenKind[] operators)
        {
            var left = operand();
            while (operators.Contains(Current.Kind))
            {
                var op = tokens[_next++];
                left = new BinaryExpression(op.Text, left, operand(), op.Position);
            }

            return left;
        }

        private Expression Unary()
        {
            if (Current.Kind == TokenKind.Not)
            {
                var not = tokens[_next++];
                return new NotExpression(Unary(), not.Position);
            }

            return Primary();
        }

        private Expression Primary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.OpenParen:
                    _next++;
                    var inner = Or();
                    Expect(TokenKind.CloseParen, "')'");
                    return inner;
                case TokenKind.String:
                    _next++;
                    return new LiteralExpression(JsonValue.Create(token.Text), token.Position);
                case TokenKind.Number:
                    _next++;
                    return new LiteralExpression(JsonValue.Create(ParseNumber(token)), token.Position);
                case TokenKind.True or TokenKind.False:
                    _next++;
                    return new LiteralExpression(JsonValue.Create(token.Kind == TokenKind.True), token.Position);
                case TokenKind.Null:
                    _next++;
                    return new LiteralExpression(null, token.Position);
                case TokenKind.Identifier:
                    return Path();
                default:
                    throw new ExpressionException(
                        $"Expected a value (a literal, a path such as nodes.a.output or '(') at position {token.Position} but found {token.Describe()}",
                        token.Position);
            }
        }

        private PathExpression Path()
        {
            var root = tokens[_next++];
            if (!Roots.Contains(root.Text))
            {
                throw new ExpressionException(
                    $"Unknown name '{root.Text}' at position {root.Position}: expected {string.Join(", ", Roots)}", root.Position);
            }

            var segments = new List<PathSegment>();
            while (Current.Kind is TokenKind.Dot or TokenKind.OpenBracket)
            {
                if (tokens[_next++].Kind == TokenKind.Dot)
                {
                    var name = Current;
                    if (name.Kind is not (TokenKind.Identifier or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Number))
                    {
                        throw new ExpressionException($"Expected a name after '.' at position {name.Position} but found {name.Describe()}", name.Position);
                    }

                    _next++;
                    segments.Add(Segment(name));
                    continue;
                }

                var key = Current;
                if (key.Kind is not (TokenKind.Number or TokenKind.String))
                {
                    throw new ExpressionException($"Expected an index or a quoted name after '[' at position {key.Position} but found {key.Describe()}", key.Position);
                }

                _next++;
                segments.Add(Segment(key));
                Expect(TokenKind.CloseBracket, "']'");
            }

            return new PathExpression(root.Text, segments, root.Position);
        }

        private static PathSegment Segment(ExpressionToken token) =>
            token.Kind == TokenKind.Number && int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? new PathSegment(token.Text, index, token.Position)
                : new PathSegment(token.Text, null, token.Position);

        private static double ParseNumber(ExpressionToken token) =>
            double.TryParse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new ExpressionException($"Invalid number '{token.Text}' at position {token.Position}", token.Position);
    }
}
