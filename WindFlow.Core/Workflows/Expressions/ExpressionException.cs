namespace WindFlow.Core.Workflows.Expressions;

/// <summary>An expression that cannot be read or evaluated; <see cref="Position"/> points into the text the user wrote.</summary>
public sealed class ExpressionException(string message, int position) : Exception(message)
{
    /// <summary>The zero-based character offset of the problem.</summary>
    public int Position { get; } = position;
}
