namespace WindFlow.Core.Auditing;

/// <summary>Filters of an audit query; every filter is optional.</summary>
/// <param name="User">User name or user id, exact.</param>
/// <param name="Action">An action (<c>stack.updated</c>) or a prefix ending in <c>*</c> (<c>stack.*</c>).</param>
/// <param name="Resource">Resource id, exact, or resource type (<c>stack</c>).</param>
/// <param name="Since">Only events at or after this instant.</param>
/// <param name="Until">Only events before this instant.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Rows per page (1-500).</param>
/// <param name="Organizations">Only events of these organisations; null for every event (super admins). Set by <see cref="AuditReader"/>, never by the caller.</param>
public sealed record AuditQuery(
    string? User = null,
    string? Action = null,
    string? Resource = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Page = 1,
    int PageSize = 50,
    IReadOnlyList<Guid>? Organizations = null)
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxPageSize = 500;
}

/// <summary>One page of audit events, newest first, and how many match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, int Total, int Page, int PageSize);

/// <summary>Where audit events are kept.</summary>
public interface IAuditLog
{
    /// <summary>Appends an event.</summary>
    Task AddAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>Events matching <paramref name="query"/>, newest first.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes events older than <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
