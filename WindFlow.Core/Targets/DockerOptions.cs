namespace WindFlow.Core.Targets;

/// <summary>The local Docker engine WindFlow registers on start-up (section <c>Docker</c>).</summary>
public sealed class DockerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Docker";

    /// <summary>Socket of the local engine, registered as target <c>local</c> when it answers.</summary>
    public string LocalSocket { get; set; } = "/var/run/docker.sock";

    /// <summary>Whether to register the local engine at start-up.</summary>
    public bool AutoRegisterLocal { get; set; } = true;
}
