using Microsoft.Extensions.Logging;
using WindFlow.Core.Common;

namespace WindFlow.Core.Deployments;

/// <summary>What a <see cref="DeploymentNotification"/> reports.</summary>
public enum DeploymentNotificationKind
{
    /// <summary>A run emitted <see cref="DeploymentNotification.Event"/>.</summary>
    RunEvent,

    /// <summary>A run was queued, started or finished: <see cref="DeploymentNotification.Run"/>.</summary>
    RunChanged,

    /// <summary>A deployment changed status, revision or values.</summary>
    DeploymentChanged,
}

/// <summary>Something that happened to a deployment or one of its runs.</summary>
public sealed record DeploymentNotification(
    DeploymentNotificationKind Kind,
    Guid DeploymentId,
    Guid? RunId = null,
    RunEvent? Event = null,
    Run? Run = null);

/// <summary>Carries run progress and deployment changes to the UI and the run event stream.</summary>
public sealed class DeploymentBus(ILogger<DeploymentBus> logger) : InProcessBus<DeploymentNotification>(logger);
