namespace WindFlow.Core.Auditing;

/// <summary>Settings of the <c>Audit</c> section.</summary>
public sealed class AuditOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Audit";

    /// <summary>Events older than this many days are pruned; 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>How often the prune job runs.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(6);
}
