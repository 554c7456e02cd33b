namespace WindFlow.Core.Deployments;

/// <summary>What one successful apply ran: what a rollback returns to.</summary>
public sealed class DeploymentRevision
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The deployment.</summary>
    public Guid DeploymentId { get; set; }

    /// <summary>1, 2, 3... per deployment.</summary>
    public int Number { get; set; }

    /// <summary>The stack version rendered.</summary>
    public int StackVersion { get; set; }

    /// <summary>The rendered compose file with secret values replaced by <c>••••</c>, for people to read.</summary>
    public required string RenderedCompose { get; set; }

    /// <summary>The values used, JSON, encrypted (a rollback renders the same file again from them).</summary>
    public required string ProtectedValues { get; set; }

    /// <summary>SHA-256 of the values, to tell revisions with the same values apart from others without decrypting.</summary>
    public required string ValuesHash { get; set; }

    /// <summary>Service name to the image digest (or image id) it ran, JSON: a rollback pins these.</summary>
    public required string ImageDigestsJson { get; set; }

    /// <summary>The run that made it.</summary>
    public Guid RunId { get; set; }

    /// <summary>When it was applied.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
