namespace WindFlow.Infrastructure.Persistence.Transfer;

/// <summary>Exit codes of WindFlow's maintenance commands (<c>migrate-db</c>, <c>backup</c>, <c>restore</c>), for scripts.</summary>
public enum DatabaseToolExit
{
    /// <summary>Done.</summary>
    Ok = 0,

    /// <summary>Unexpected failure.</summary>
    Failed = 1,

    /// <summary>Bad arguments.</summary>
    Usage = 2,

    /// <summary>The source database or archive is missing or unusable.</summary>
    SourceUnavailable = 3,

    /// <summary>The target database cannot be reached.</summary>
    TargetUnavailable = 4,

    /// <summary>The target already holds data and <c>--force</c> was not given.</summary>
    TargetNotEmpty = 5,

    /// <summary>Counts or checksums differ after the copy, or an archive does not match its manifest.</summary>
    VerificationFailed = 6,
}

/// <summary>A maintenance command stopped for a reason the user can act on; the message says what to do.</summary>
public sealed class DatabaseToolException(DatabaseToolExit exit, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The process exit code to report.</summary>
    public DatabaseToolExit Exit { get; } = exit;
}
