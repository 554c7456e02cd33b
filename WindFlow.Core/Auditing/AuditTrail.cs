using Microsoft.Extensions.Logging;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Auditing;

/// <summary>
/// Records audit events for every door (API, Blazor UI, background jobs): the actor comes from
/// <see cref="IAuditActor"/>, the time from <see cref="TimeProvider"/>, and details pass through
/// <see cref="SecretText.Redact"/> before they are stored.
/// </summary>
public sealed partial class AuditTrail(IAuditLog log, IAuditActor actor, IAccessContext access, TimeProvider clock, ILogger<AuditTrail> logger)
{
    /// <summary>The user name stored for actions WindFlow takes by itself (jobs, automatic rollback).</summary>
    public const string SystemActor = "system";

    private const int MaxDetailsLength = 1000;

    /// <summary>
    /// Appends one event. Never throws: a mutation that already happened must not be reported as
    /// failed because the audit store hiccuped (the failure is logged instead). The write ignores
    /// the caller's cancellation for the same reason, so this takes no token.
    /// </summary>
    /// <param name="action">Dotted action name (<c>stack.updated</c>).</param>
    /// <param name="resourceType">Kind of resource (<c>stack</c>).</param>
    /// <param name="resourceId">Its id, when there is one.</param>
    /// <param name="outcome">How it ended.</param>
    /// <param name="details">Short text; masked with <paramref name="secrets"/>.</param>
    /// <param name="secrets">Values that must not appear in <paramref name="details"/>.</param>
    /// <param name="actorOverride">The actor when the ambient one is not it (a sign-in names the account it signs in).</param>
    /// <param name="organizationId">The organisation acted in, when the caller's last permission check does not say it (work WindFlow does by itself).</param>
    public async Task RecordAsync(
        string action,
        string resourceType,
        string? resourceId,
        AuditOutcome outcome,
        string? details = null,
        IEnumerable<string>? secrets = null,
        AuditActorInfo? actorOverride = null,
        Guid? organizationId = null)
    {
        var ambient = actor.Current;
        var who = actorOverride ?? ambient;
        var entry = new AuditEvent
        {
            Time = clock.GetUtcNow(),
            UserId = who?.UserId,
            UserName = Truncate(who?.UserName, 256) ?? SystemActor,
            OrganizationId = organizationId ?? access.Current.ActingOrganizationId,
            Action = action,
            ResourceType = resourceType,
            ResourceId = Truncate(resourceId, 256),
            IpAddress = who?.IpAddress ?? ambient?.IpAddress,
            Outcome = outcome,
            Details = Truncate(details is null ? null : SecretText.Redact(details, secrets ?? []), MaxDetailsLength),
        };
        try
        {
            await log.AddAsync(entry, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogAuditWriteFailed(logger, ex, action, resourceType, resourceId);
        }
    }

    /// <summary>
    /// Records the outcome of a Core operation (succeeded, or failed with its error message) and
    /// hands the result back, so a service audits a mutation by wrapping its return value.
    /// </summary>
    public async Task<OperationResult<T>> RecordedAsync<T>(
        string action, string resourceType, string? resourceId, OperationResult<T> result, IEnumerable<string?>? secrets = null)
    {
        await RecordAsync(action, resourceType, resourceId, result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, result.Error?.Message, secrets?.OfType<string>());
        return result;
    }

    /// <summary>Records the outcome of a target or engine operation and hands the result back.</summary>
    public async Task<TargetResult<T>> RecordedAsync<T>(string action, string resourceType, string? resourceId, TargetResult<T> result)
    {
        await RecordAsync(action, resourceType, resourceId, result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, result.Error?.Message);
        return result;
    }

    /// <summary>Awaits a target or engine operation, records its outcome and hands the result back.</summary>
    public async Task<TargetResult<T>> RecordedAsync<T>(string action, string resourceType, string? resourceId, Task<TargetResult<T>> operation) =>
        await RecordedAsync(action, resourceType, resourceId, await operation);

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record audit event {Action} on {ResourceType} {ResourceId}")]
    private static partial void LogAuditWriteFailed(ILogger logger, Exception exception, string action, string resourceType, string? resourceId);
}
