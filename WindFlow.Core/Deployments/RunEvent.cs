namespace WindFlow.Core.Deployments;

/// <summary>How much a run event matters.</summary>
public enum RunEventLevel
{
    /// <summary>Progress and facts.</summary>
    Info,

    /// <summary>Something went wrong but the run goes on.</summary>
    Warning,

    /// <summary>The run failed because of this.</summary>
    Error,
}

/// <summary>One line of a run's story, streamed live and kept for history.</summary>
public sealed class RunEvent
{
    /// <summary>Primary key.</summary>
    public long Id { get; set; }

    /// <summary>The run.</summary>
    public Guid RunId { get; set; }

    /// <summary>1, 2, 3... per run, so a client that reconnects asks for what it missed.</summary>
    public int Sequence { get; set; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Time { get; set; }

    /// <summary>How much it matters.</summary>
    public RunEventLevel Level { get; set; }

    /// <summary>The service concerned, or null for the whole run.</summary>
    public string? Service { get; set; }

    /// <summary>
    /// The service's step after this event (<c>pulling</c>, <c>creating</c>, <c>starting</c>,
    /// <c>waiting</c>, <c>healthy</c>, <c>running</c>, <c>removed</c>, <c>failed</c>...), or null.
    /// </summary>
    public string? Step { get; set; }

    /// <summary>What happened, secrets redacted.</summary>
    public required string Message { get; set; }

    /// <summary>0-100 progress of the service (or of the run when no service), when known.</summary>
    public int? Progress { get; set; }
}
