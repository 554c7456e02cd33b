using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Auditing;

namespace WindFlow.Infrastructure.Persistence;

internal sealed class EfAuditLog(IDbContextFactory<WindFlowDbContext> contexts) : IAuditLog
{
    public async Task AddAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(auditEvent);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = db.AuditEvents.AsNoTracking();
        if (query.Organizations is { } organizations)
        {
            events = events.Where(e => e.OrganizationId != null && organizations.Contains(e.OrganizationId.Value));
        }

        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var user = query.User.Trim();
            events = events.Where(e => e.UserName == user || e.UserId == user);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            if (action.EndsWith('*'))
            {
                // `stack.*` and `stack*` both mean "starts with stack."/"stack"; StartsWith becomes
                // a LIKE that can use the (Action, Time) index.
                var prefix = action.TrimEnd('*');
                events = events.Where(e => e.Action.StartsWith(prefix));
            }
            else
            {
                events = events.Where(e => e.Action == action);
            }
        }

        if (!string.IsNullOrWhiteSpace(query.Resource))
        {
            var resource = query.Resource.Trim();
            events = events.Where(e => e.ResourceId == resource || e.ResourceType == resource);
        }

        // Time is stored as Unix milliseconds (see AuditEventConfiguration), so these compare integers.
        if (query.Since is { } since)
        {
            events = events.Where(e => e.Time >= since);
        }

        if (query.Until is { } until)
        {
            events = events.Where(e => e.Time < until);
        }

        var total = await events.CountAsync(cancellationToken);
        var items = await events.OrderByDescending(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new AuditPage(items, total, page, size);
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.Where(e => e.Time < before).ExecuteDeleteAsync(cancellationToken);
    }
}
