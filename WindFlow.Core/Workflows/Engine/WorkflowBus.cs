using Microsoft.Extensions.Logging;
using WindFlow.Core.Common;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>What a <see cref="WorkflowNotification"/> reports.</summary>
public enum WorkflowNotificationKind
{
    /// <summary>The run changed status: <see cref="WorkflowNotification.RunStatus"/>.</summary>
    RunChanged,

    /// <summary>A node changed state: <see cref="WorkflowNotification.Node"/>.</summary>
    NodeChanged,

    /// <summary>A node logged <see cref="WorkflowNotification.Log"/> (also kept in its state when the attempt ends).</summary>
    NodeLog,
}

/// <summary>Something that happened in a workflow run.</summary>
public sealed record WorkflowNotification(
    WorkflowNotificationKind Kind,
    Guid RunId,
    WorkflowRunStatus RunStatus,
    NodeRun? Node = null,
    string? Log = null);

/// <summary>Carries run and node state changes to the canvas and run views.</summary>
public sealed class WorkflowBus(ILogger<WorkflowBus> logger) : InProcessBus<WorkflowNotification>(logger);
