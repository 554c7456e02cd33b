using WindFlow.Core.Deployments;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Auditing;

/// <summary>Action names derived from enums, in the past tense the audit log uses.</summary>
public static class AuditActions
{
    /// <summary><c>container.started</c>, <c>container.stopped</c>...</summary>
    public static string Container(ContainerAction action) => action switch
    {
        ContainerAction.Start => "container.started",
        ContainerAction.Stop => "container.stopped",
        ContainerAction.Restart => "container.restarted",
        ContainerAction.Kill => "container.killed",
        ContainerAction.Pause => "container.paused",
        ContainerAction.Unpause => "container.unpaused",
        _ => "container." + action.ToString().ToLowerInvariant(),
    };

    /// <summary><c>deployment.started</c>, <c>deployment.rolled_back</c>...</summary>
    public static string Deployment(RunKind kind) => kind switch
    {
        RunKind.Deploy => "deployment.created",
        RunKind.Update => "deployment.updated",
        RunKind.Start => "deployment.started",
        RunKind.Stop => "deployment.stopped",
        RunKind.Restart => "deployment.restarted",
        RunKind.Remove => "deployment.removed",
        RunKind.Rollback => "deployment.rolled_back",
        _ => "deployment." + kind.ToString().ToLowerInvariant(),
    };
}
