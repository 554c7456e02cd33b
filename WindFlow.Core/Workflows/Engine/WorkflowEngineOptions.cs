namespace WindFlow.Core.Workflows.Engine;

/// <summary>Settings of the <c>Workflows</c> section.</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Workflows";

    /// <summary>
    /// How often an instance executing a run reads what other instances stored for it (a cancel
    /// request, an approval decided there). It bounds how long a decision made on another
    /// instance of a cluster takes to reach the run; one small query per executing run.
    /// </summary>
    public TimeSpan StoreSyncInterval { get; set; } = TimeSpan.FromSeconds(2);
}
