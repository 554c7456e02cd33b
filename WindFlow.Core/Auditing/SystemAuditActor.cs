namespace WindFlow.Core.Auditing;

/// <summary>The actor outside any request: WindFlow itself (background jobs, maintenance commands).</summary>
public sealed class SystemAuditActor : IAuditActor
{
    /// <summary>The one instance.</summary>
    public static readonly SystemAuditActor Instance = new();

    /// <inheritdoc />
    public AuditActorInfo? Current => null;
}
