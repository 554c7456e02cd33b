namespace WindFlow.Core.Auditing;

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    /// <summary>The action was carried out.</summary>
    Succeeded,

    /// <summary>The action was attempted and failed (bad input, conflict, engine error, wrong password).</summary>
    Failed,

    /// <summary>The caller was not allowed to do it.</summary>
    Denied,
}

/// <summary>
/// One entry of the audit log: who did what to which resource, from where, and how it ended.
/// Rows are only ever added (and pruned by age); <see cref="Details"/> never holds a secret.
/// </summary>
public sealed class AuditEvent
{
    /// <summary>Primary key; increases with insertion order.</summary>
    public long Id { get; set; }

    /// <summary>When the action happened.</summary>
    public DateTimeOffset Time { get; set; }

    /// <summary>The acting account id; null for WindFlow itself or an unknown user (failed sign-in).</summary>
    public string? UserId { get; set; }

    /// <summary>The acting user name (or the name tried at a failed sign-in); <c>system</c> for WindFlow itself.</summary>
    public required string UserName { get; set; }

    /// <summary>The organisation the resource belongs to, when known.</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>Dotted action name such as <c>stack.updated</c> or <c>auth.sign_in_failed</c>.</summary>
    public required string Action { get; set; }

    /// <summary>Kind of resource acted on (<c>stack</c>, <c>deployment</c>, <c>user</c>...).</summary>
    public required string ResourceType { get; set; }

    /// <summary>Id (or name, for engine objects) of the resource, when there is one.</summary>
    public string? ResourceId { get; set; }

    /// <summary>Caller's IP address, when the action came through a request.</summary>
    public string? IpAddress { get; set; }

    /// <summary>How the action ended.</summary>
    public AuditOutcome Outcome { get; set; }

    /// <summary>Short human-readable detail, secrets masked.</summary>
    public string? Details { get; set; }
}
