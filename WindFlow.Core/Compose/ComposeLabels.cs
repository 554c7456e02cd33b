namespace WindFlow.Core.Compose;

/// <summary>The labels docker compose puts on what it creates; WindFlow sets the same ones.</summary>
public static class ComposeLabels
{
    /// <summary>Project name.</summary>
    public const string Project = "com.docker.compose.project";

    /// <summary>Service name.</summary>
    public const string Service = "com.docker.compose.service";

    /// <summary>Replica number, from 1.</summary>
    public const string ContainerNumber = "com.docker.compose.container-number";

    /// <summary><c>True</c> for a one-off <c>run</c> container; always <c>False</c> here.</summary>
    public const string OneOff = "com.docker.compose.oneoff";

    /// <summary>Hash of the service configuration, to tell whether a container must be recreated.</summary>
    public const string ConfigHash = "com.docker.compose.config-hash";

    /// <summary>Network key of a project network.</summary>
    public const string Network = "com.docker.compose.network";

    /// <summary>Volume key of a project volume.</summary>
    public const string Volume = "com.docker.compose.volume";
}
