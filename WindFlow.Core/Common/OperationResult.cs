namespace WindFlow.Core.Common;

/// <summary>Why an operation was refused; the API maps each kind to one HTTP status.</summary>
public enum OperationErrorKind
{
    /// <summary>The resource does not exist (404).</summary>
    NotFound,

    /// <summary>The resource's state or a unique name forbids it (409).</summary>
    Conflict,

    /// <summary>The input is invalid; <see cref="OperationError.Problems"/> says where (400).</summary>
    Invalid,

    /// <summary>A container engine could not be reached or refused the call (502).</summary>
    EngineFailed,

    /// <summary>The caller's role does not allow it (403).</summary>
    Forbidden,
}

/// <summary>One problem with the input: the field at fault and, for template text, the line and column.</summary>
/// <param name="Field">camelCase request field (<c>template</c>, <c>values.PORT</c>...).</param>
/// <param name="Message">What is wrong, fit to show next to the field.</param>
/// <param name="Line">1-based line in the field's text, when it is a document.</param>
/// <param name="Column">1-based column, when known.</param>
public sealed record InputProblem(string Field, string Message, int? Line = null, int? Column = null)
{
    /// <inheritdoc />
    public override string ToString() => Line is { } line
        ? $"{Field} line {line}{(Column is { } column ? $", column {column}" : "")}: {Message}"
        : $"{Field}: {Message}";
}

/// <summary>A refused operation, with a message fit to show to the user.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">The human-readable reason.</param>
/// <param name="Problems">For <see cref="OperationErrorKind.Invalid"/>: every problem found.</param>
public sealed record OperationError(OperationErrorKind Kind, string Message, IReadOnlyList<InputProblem>? Problems = null)
{
    /// <summary>An invalid-input error listing <paramref name="problems"/>.</summary>
    public static OperationError Invalid(IReadOnlyList<InputProblem> problems) =>
        new(OperationErrorKind.Invalid, problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems were found.", problems);

    /// <summary>An invalid-input error about one field.</summary>
    public static OperationError Invalid(string field, string message) => Invalid([new InputProblem(field, message)]);
}

/// <summary>Either a value or the reason there is none.</summary>
public sealed record OperationResult<T>(T? Value, OperationError? Error)
{
    /// <summary>True when the operation succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A successful result.</summary>
    public static OperationResult<T> Ok(T value) => new(value, null);

    /// <summary>Allows returning an <see cref="OperationError"/> where a result is expected.</summary>
    public static implicit operator OperationResult<T>(OperationError error) => new(default, error);
}
