namespace WindFlow.Core.Deployments;

/// <summary>What a run does to its deployment.</summary>
public enum RunKind
{
    /// <summary>First deploy.</summary>
    Deploy,

    /// <summary>New values or stack version.</summary>
    Update,

    /// <summary>Start every container.</summary>
    Start,

    /// <summary>Stop every container.</summary>
    Stop,

    /// <summary>Restart every container.</summary>
    Restart,

    /// <summary>Remove containers, networks and (unless kept) volumes.</summary>
    Remove,

    /// <summary>Return to an earlier revision.</summary>
    Rollback,
}

/// <summary>Where a run stands.</summary>
public enum RunStatus
{
    /// <summary>Queued.</summary>
    Pending,

    /// <summary>Being executed.</summary>
    Running,

    /// <summary>Done.</summary>
    Succeeded,

    /// <summary>Stopped by an error; <see cref="Run.Error"/> says which.</summary>
    Failed,

    /// <summary>Cancelled before or while running.</summary>
    Cancelled,
}

/// <summary>One action on a deployment, persisted and executed by a background job.</summary>
public sealed class Run
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The deployment acted on.</summary>
    public Guid DeploymentId { get; set; }

    /// <summary>What it does.</summary>
    public RunKind Kind { get; set; }

    /// <summary>Where it stands.</summary>
    public RunStatus Status { get; set; }

    /// <summary>
    /// Equals <see cref="DeploymentId"/> while the run is pending or running and null after: a unique
    /// index on it lets the database itself refuse a second active run on one deployment.
    /// </summary>
    public Guid? ActiveDeploymentId { get; set; }

    /// <summary>What the run applies, JSON, encrypted: values and stack version of an update, target revision of a rollback, keepVolumes of a remove.</summary>
    public string? ProtectedParameters { get; set; }

    /// <summary>User name of whoever asked (or <c>system</c> for automatic runs).</summary>
    public string? RequestedBy { get; set; }

    /// <summary>The revision it produced, when it applied one.</summary>
    public int? Revision { get; set; }

    /// <summary>Why it failed, in words fit for the user.</summary>
    public string? Error { get; set; }

    /// <summary>When it was requested.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When execution began.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>True once it succeeded, failed or was cancelled.</summary>
    public bool IsFinished => Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;
}
