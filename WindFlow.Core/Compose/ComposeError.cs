namespace WindFlow.Core.Compose;

/// <summary>A 1-based line and column in a compose file.</summary>
/// <param name="Line">Line number, starting at 1.</param>
/// <param name="Column">Column number, starting at 1.</param>
public sealed record ComposeLocation(int Line, int Column)
{
    /// <summary>Where nothing is known (the start of the file).</summary>
    public static ComposeLocation Start { get; } = new(1, 1);
}

/// <summary>One problem found in a compose file or by a policy, at the key or value concerned.</summary>
/// <param name="Line">Line of the offending key or value, starting at 1.</param>
/// <param name="Column">Column of the offending key or value, starting at 1.</param>
/// <param name="Path">Dotted path of the key (<c>services.web.ports[0]</c>), empty for the whole file.</param>
/// <param name="Message">What is wrong and what to do about it.</param>
public sealed record ComposeError(int Line, int Column, string Path, string Message)
{
    /// <summary>Creates an error at a location.</summary>
    public ComposeError(ComposeLocation location, string path, string message)
        : this(location.Line, location.Column, path, message)
    {
    }

    /// <summary>For example <c>line 7, column 5: services.web.foo: 'foo' is not a supported service key</c>.</summary>
    public override string ToString() =>
        Path.Length == 0
            ? $"line {Line}, column {Column}: {Message}"
            : $"line {Line}, column {Column}: {Path}: {Message}";
}

/// <summary>The outcome of <see cref="ComposeParser.Parse"/>: a project, or every error found.</summary>
/// <param name="Project">The parsed project; null when any error was found.</param>
/// <param name="Errors">Every error found, in file order.</param>
public sealed record ComposeParseResult(ComposeProject? Project, IReadOnlyList<ComposeError> Errors)
{
    /// <summary>True when the file parsed with no error.</summary>
    public bool Succeeded => Project is not null && Errors.Count == 0;
}
