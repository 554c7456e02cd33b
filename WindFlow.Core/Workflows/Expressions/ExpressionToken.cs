namespace WindFlow.Core.Workflows.Expressions;

/// <summary>The kinds of token an expression is made of.</summary>
internal enum TokenKind
{
    Identifier,
    Number,
    String,
    True,
    False,
    Null,
    Dot,
    OpenBracket,
    CloseBracket,
    OpenParen,
    CloseParen,
    Not,
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    End,
}

/// <summary>One token; <see cref="Text"/> is the identifier, the unescaped string or the number as written.</summary>
internal sealed record ExpressionToken(TokenKind Kind, string Text, int Position)
{
    /// <summary>How an error message names the token.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.String => $"string \"{Text}\"",
        TokenKind.Identifier => $"'{Text}'",
        _ => $"'{Text}'",
    };
}
