using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WindFlow.Core.Auditing;

/// <summary>Deletes audit events older than <see cref="AuditOptions.RetentionDays"/>.</summary>
public sealed partial class AuditRetention(IAuditLog log, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditRetention> logger)
{
    /// <summary>Prunes expired events; returns how many were deleted (0 when retention is off).</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            return 0;
        }

        var deleted = await log.PruneAsync(clock.GetUtcNow().AddDays(-days), cancellationToken);
        if (deleted > 0)
        {
            LogPruned(logger, deleted, days);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} audit events older than {Days} days")]
    private static partial void LogPruned(ILogger logger, int count, int days);
}
