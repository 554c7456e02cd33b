namespace WindFlow.Core.Deployments.Engine;

/// <summary>The labels docker compose puts on what it creates, which WindFlow reads and writes too.</summary>
public static class ComposeLabels
{
    /// <summary>Project name.</summary>
    public const string Project = "com.docker.compose.project";

    /// <summary>Service name.</summary>
    public const string Service = "com.docker.compose.service";

    /// <summary>Replica number, from 1.</summary>
    public const string ContainerNumber = "com.docker.compose.container-number";

    /// <summary><c>True</c> for one-off containers (<c>docker compose run</c>), which a project's state ignores.</summary>
    public const string OneOff = "com.docker.compose.oneoff";

    /// <summary>Hash of the service configuration the container was created from.</summary>
    public const string ConfigHash = "com.docker.compose.config-hash";

    /// <summary>The WindFlow deployment id.</summary>
    public const string Deployment = "windflow.deployment";

    /// <summary>The WindFlow revision the container was created for.</summary>
    public const string Revision = "windflow.revision";

    /// <summary>The filter that finds a project's containers.</summary>
    public static string ProjectFilter(string project) => $"{Project}={project}";
}
