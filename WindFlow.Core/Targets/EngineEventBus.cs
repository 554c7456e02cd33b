using Microsoft.Extensions.Logging;
using WindFlow.Core.Common;

namespace WindFlow.Core.Targets;

/// <summary>What a <see cref="TargetNotification"/> reports.</summary>
public enum TargetNotificationKind
{
    /// <summary>The target's engine reported <see cref="TargetNotification.Event"/>.</summary>
    EngineEvent,

    /// <summary>The target's status changed to <see cref="TargetNotification.Status"/>.</summary>
    StatusChanged,

    /// <summary>The target was created, edited or deleted.</summary>
    TargetChanged,
}

/// <summary>Something that happened to a target or on its engine.</summary>
public sealed record TargetNotification(
    TargetNotificationKind Kind,
    Guid TargetId,
    EngineEvent? Event = null,
    TargetStatus? Status = null,
    string? StatusMessage = null);

/// <summary>
/// The in-process bus that carries engine events and target changes to whoever shows them (Blazor
/// circuits) or reacts to them (the event monitor).
/// </summary>
public sealed class EngineEventBus(ILogger<EngineEventBus> logger) : InProcessBus<TargetNotification>(logger);

/// <summary>Writes a target's status and tells the bus when it changed.</summary>
public sealed class TargetStatusRecorder(ITargetStore store, EngineEventBus bus, TimeProvider clock)
{
    /// <summary>
    /// Records that the engine answered (<paramref name="info"/> may be null when only a ping was made)
    /// or failed with <paramref name="message"/>. Returns the updated target, or null when it is gone.
    /// </summary>
    public async Task<Target?> RecordAsync(Guid targetId, TargetStatus status, string? message, EngineInfo? info, CancellationToken cancellationToken)
    {
        var target = await store.FindAsync(targetId, cancellationToken);
        if (target is null)
        {
            return null;
        }

        var changed = target.Status != status || !string.Equals(target.StatusMessage, message, StringComparison.Ordinal);
        var now = clock.GetUtcNow();
        target.Status = status;
        target.StatusMessage = message;
        target.UpdatedAt = now;
        if (status == TargetStatus.Online)
        {
            target.LastSeenAt = now;
        }

        if (info is not null)
        {
            target.EngineVersion = info.EngineVersion;
            target.ApiVersion = info.ApiVersion;
        }

        if (!await store.UpdateStatusAsync(target, cancellationToken))
        {
            return null;
        }

        if (changed)
        {
            bus.Publish(new TargetNotification(TargetNotificationKind.StatusChanged, targetId, Status: status, StatusMessage: message));
        }

        return target;
    }
}
