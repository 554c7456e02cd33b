namespace WindFlow.Core.Targets;

/// <summary>The local Docker engine WindFlow registers on start-up, and how targets are watched (section <c>Docker</c>).</summary>
public sealed class DockerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Docker";

    /// <summary>Socket of the local engine, registered as target <c>local</c> when it answers.</summary>
    public string LocalSocket { get; set; } = "/var/run/docker.sock";

    /// <summary>Whether to register the local engine at start-up.</summary>
    public bool AutoRegisterLocal { get; set; } = true;

    /// <summary>How often every target's connection is tested (the Quartz status job).</summary>
    public TimeSpan StatusRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether to keep an event stream open per target for live updates.</summary>
    public bool WatchEvents { get; set; } = true;

    /// <summary>How often the event monitor looks for targets added on another instance.</summary>
    public TimeSpan TargetRescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reopening a lost event stream; it doubles up to <see cref="EventReconnectMaxDelay"/>.</summary>
    public TimeSpan EventReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts to reopen a lost event stream.</summary>
    public TimeSpan EventReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
