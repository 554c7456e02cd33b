using Quartz;
using WindFlow.Core.Auditing;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Prunes audit events older than <c>Audit__RetentionDays</c>.</summary>
[DisallowConcurrentExecution]
internal sealed class AuditRetentionJob(AuditRetention retention) : IJob
{
    public static readonly JobKey Key = new("audit-retention", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await retention.PruneAsync(cancellationToken);
}
