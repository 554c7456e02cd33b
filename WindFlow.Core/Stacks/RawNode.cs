namespace WindFlow.Core.Stacks;

/// <summary>What a schema value looked like in its source, so YAML and JSON share one reader.</summary>
internal enum RawKind
{
    Null,

    /// <summary>A quoted or block YAML scalar, or a JSON string: always text.</summary>
    Text,

    /// <summary>An unquoted YAML scalar: its meaning depends on where it is used.</summary>
    Plain,
    Number,
    Boolean,
    Sequence,
    Mapping,
}

/// <summary>A format-neutral node with its 1-based position (0 when the source has none).</summary>
internal sealed record RawNode(RawKind Kind, string? Text, int Line, int Column)
{
    public IReadOnlyList<RawNode> Items { get; init; } = [];

    public IReadOnlyList<KeyValuePair<RawNode, RawNode>> Entries { get; init; } = [];

    public bool IsScalar => Kind is RawKind.Text or RawKind.Plain or RawKind.Number or RawKind.Boolean;

    public string Describe() => Kind switch
    {
        RawKind.Sequence => "a list",
        RawKind.Mapping => "a mapping",
        RawKind.Null => "empty",
        _ => $"'{Text}'",
    };
}
