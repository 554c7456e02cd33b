namespace WindFlow.Core.Targets;

/// <summary>What kind of failure an engine call met, so callers can react without parsing messages.</summary>
public enum EngineErrorKind
{
    /// <summary>Nothing answers at the endpoint: socket missing, connection refused or reset.</summary>
    Unreachable,

    /// <summary>The endpoint exists but this process may not open it (socket file permissions).</summary>
    PermissionDenied,

    /// <summary>The daemon answered 404: no such container, image, network or volume.</summary>
    NotFound,

    /// <summary>The daemon answered 409: the object's state forbids the operation.</summary>
    Conflict,

    /// <summary>
    /// The endpoint answered but refused who we are: TLS handshake or certificate failure, SSH key
    /// or host key rejected.
    /// </summary>
    AuthenticationFailed,

    /// <summary>The endpoint string (or the credentials it needs) is not usable.</summary>
    InvalidEndpoint,

    /// <summary>Any other error the daemon reported; the message carries the daemon's text.</summary>
    Api,
}

/// <summary>A failed call to a container engine, with a message fit to show to an operator.</summary>
public class EngineException : Exception
{
    /// <summary>Creates an engine error.</summary>
    public EngineException(EngineErrorKind kind, string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    /// <summary>What went wrong.</summary>
    public EngineErrorKind Kind { get; }

    /// <summary>The HTTP status the daemon answered with, when it answered at all.</summary>
    public int? StatusCode { get; }
}
