using WindFlow.Core.Organizations;

namespace WindFlow.Core.Auditing;

/// <summary>
/// Reading the audit log, for the API and the UI alike: super admins read every event; an
/// organisation admin reads the events of the organisations they administer, and nothing that
/// belongs to none (sign-ins, user accounts, system settings).
/// </summary>
public sealed class AuditReader(IAuditLog log, AccessGuard guard)
{
    /// <summary>Events matching <paramref name="query"/> that the caller may read, newest first.</summary>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var organizations = await guard.ReadableOrganizationsAsync(Resource.Audit, cancellationToken);
        return await log.QueryAsync(query with { Organizations = organizations }, cancellationToken);
    }

    /// <summary>True when the caller may read some part of the log; for the UI, which hides it otherwise.</summary>
    public Task<bool> CanReadAsync(CancellationToken cancellationToken) => guard.CanReadSomewhereAsync(Resource.Audit, cancellationToken);
}
