namespace WindFlow.Core.Deployments.Engine;

/// <summary>The labels WindFlow adds next to docker compose's own (<see cref="Compose.ComposeLabels"/>).</summary>
public static class WindFlowLabels
{
    /// <summary>The WindFlow deployment id.</summary>
    public const string Deployment = "windflow.deployment";

    /// <summary>The WindFlow revision the container was created for.</summary>
    public const string Revision = "windflow.revision";

    /// <summary>The engine label filter that finds a project's containers.</summary>
    public static string ProjectFilter(string project) => $"{Compose.ComposeLabels.Project}={project}";
}
