namespace WindFlow.Core.Targets;

/// <summary>Why a target operation was refused.</summary>
public enum TargetErrorKind
{
    /// <summary>No target has the given id.</summary>
    NotFound,

    /// <summary>Another target already has the name.</summary>
    Conflict,

    /// <summary>A field is invalid; <see cref="TargetError.Field"/> names it.</summary>
    Invalid,

    /// <summary>The target's engine could not be reached or failed the call.</summary>
    EngineFailed,

    /// <summary>The engine has no such container, image, volume or network.</summary>
    EngineObjectNotFound,

    /// <summary>The engine refused because of the object's state (running, in use...).</summary>
    EngineConflict,
}

/// <summary>A refused target operation, with a message fit to show to the user.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">The human-readable reason.</param>
/// <param name="Field">The camelCase request field at fault, for <see cref="TargetErrorKind.Invalid"/>.</param>
public sealed record TargetError(TargetErrorKind Kind, string Message, string? Field = null);

/// <summary>Either a value or the reason there is none.</summary>
public sealed record TargetResult<T>(T? Value, TargetError? Error)
{
    /// <summary>True when the operation succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A successful result.</summary>
    public static TargetResult<T> Ok(T value) => new(value, null);

    /// <summary>A refused result.</summary>
    public static TargetResult<T> Fail(TargetError error) => new(default, error);

    /// <summary>Allows returning a <see cref="TargetError"/> where a result is expected.</summary>
    public static implicit operator TargetResult<T>(TargetError error) => Fail(error);
}

/// <summary>What the user submits to create or update a target.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Endpoint">Engine endpoint.</param>
/// <param name="Labels">Labels; on update, null keeps the current ones.</param>
/// <param name="Credentials">On update: null keeps the stored credentials, empty ones clear them, others replace them.</param>
/// <param name="EnvironmentId">The environment (hence organisation); on create, null picks the caller's organisation's first one; on update, null keeps it.</param>
public sealed record TargetInput(string? Name, string? Endpoint, IReadOnlyDictionary<string, string>? Labels = null, EngineCredentials? Credentials = null, Guid? EnvironmentId = null);

/// <summary>The outcome of "Test connection": the target with its new status, and the engine's facts when it answered.</summary>
/// <param name="Target">The target after its status was updated.</param>
/// <param name="Info">Engine facts, or null when the test failed.</param>
/// <param name="Error">Why the test failed, or null.</param>
public sealed record TargetTestResult(Target Target, EngineInfo? Info, string? Error)
{
    /// <summary>True when the engine answered.</summary>
    public bool Succeeded => Info is not null;
}
