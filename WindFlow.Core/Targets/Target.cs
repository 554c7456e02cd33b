namespace WindFlow.Core.Targets;

/// <summary>Whether WindFlow could reach a target's engine the last time it tried.</summary>
public enum TargetStatus
{
    /// <summary>Never tested since it was registered or its endpoint changed.</summary>
    Unknown,

    /// <summary>The engine answered.</summary>
    Online,

    /// <summary>Nothing answered at the endpoint.</summary>
    Offline,

    /// <summary>Something answered but the call failed (permissions, TLS, API error...).</summary>
    Error,
}

/// <summary>
/// A machine WindFlow deploys to, reached through a container engine endpoint. Its credentials are
/// only ever held encrypted (<see cref="ProtectedCredentials"/>) and are never returned to callers.
/// </summary>
public sealed class Target
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The owning organisation (its environment's).</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>The environment it belongs to.</summary>
    public Guid EnvironmentId { get; set; }

    /// <summary>Unique display name, 1 to <see cref="TargetService.MaxNameLength"/> characters.</summary>
    public required string Name { get; set; }

    /// <summary><c>unix:///path</c>, <c>tcp://host:port</c> or <c>ssh://user@host[:port]</c>.</summary>
    public required string Endpoint { get; set; }

    /// <summary>Free-form key/value labels used to group and select targets.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>The <see cref="EngineCredentials"/> as JSON, encrypted by <see cref="Common.ISecretProtector"/>; null when none.</summary>
    public string? ProtectedCredentials { get; set; }

    /// <summary>Outcome of the last connection test.</summary>
    public TargetStatus Status { get; set; }

    /// <summary>Why the last test failed, or null.</summary>
    public string? StatusMessage { get; set; }

    /// <summary>When the engine last answered.</summary>
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>The engine's version as of the last successful test.</summary>
    public string? EngineVersion { get; set; }

    /// <summary>The engine's highest API version as of the last successful test.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>When the target was registered.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the target was last changed (including status updates).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>True when credentials are stored.</summary>
    public bool HasCredentials => ProtectedCredentials is not null;
}
