namespace WindFlow.Core.Deployments;

/// <summary>Where a deployment stands (separate from the status of its runs).</summary>
public enum DeploymentStatus
{
    /// <summary>Created, first run not started yet.</summary>
    Pending,

    /// <summary>A deploy or update run is applying it.</summary>
    Deploying,

    /// <summary>Its containers run the current revision.</summary>
    Running,

    /// <summary>Stopped on request.</summary>
    Stopped,

    /// <summary>The last run failed and nothing good is running (a failed first deploy, or a failed rollback).</summary>
    Failed,

    /// <summary>Returning to an earlier revision.</summary>
    RollingBack,

    /// <summary>Being removed from its target.</summary>
    Removing,

    /// <summary>Removed from its target; kept for history.</summary>
    Removed,
}

/// <summary>An instance of a stack version on a target, under a compose project name.</summary>
public sealed class Deployment
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The owning organisation (its target's and its stack's).</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>The compose project name, unique per target (<c>[a-z0-9][a-z0-9_-]*</c>).</summary>
    public required string Name { get; set; }

    /// <summary>The stack it was made from.</summary>
    public Guid StackId { get; set; }

    /// <summary>The stack version of the current revision (or of the first deploy until it succeeds).</summary>
    public int StackVersion { get; set; }

    /// <summary>The target it runs on.</summary>
    public Guid TargetId { get; set; }

    /// <summary>The variable values of the current revision, JSON, secrets included, encrypted as a whole.</summary>
    public required string ProtectedValues { get; set; }

    /// <summary>Where it stands.</summary>
    public DeploymentStatus Status { get; set; }

    /// <summary>Why it is failed, or what the last run said.</summary>
    public string? StatusMessage { get; set; }

    /// <summary>The revision running now; null until a first deploy succeeded.</summary>
    public int? CurrentRevision { get; set; }

    /// <summary>Roll back to the last good revision by itself when an update fails.</summary>
    public bool AutoRollback { get; set; } = true;

    /// <summary>Adopted from an existing compose project rather than deployed by WindFlow.</summary>
    public bool Adopted { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
