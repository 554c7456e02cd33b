namespace WindFlow.Core.Deployments.Engine;

/// <summary>Timing of the deploy engine (configuration section <c>Deployments</c>).</summary>
public sealed class DeployEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Deployments";

    /// <summary>How long a service may take to become healthy (or a one-shot service to finish) before the deploy fails.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often container state is read while waiting.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Resume the runs a previous process left queued or in progress when WindFlow starts (default).
    /// Off only to inspect a database as it was left, for example after a crash.
    /// </summary>
    public bool ResumeRunsAtStart { get; set; } = true;
}
