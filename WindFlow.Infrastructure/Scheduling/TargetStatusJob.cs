using Quartz;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Tests every target's connection so statuses and last-seen times stay true without events.</summary>
[DisallowConcurrentExecution]
internal sealed class TargetStatusJob(TargetService targets) : IJob
{
    public static readonly JobKey Key = new("target-status", "targets");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await targets.RefreshStatusesAsync(cancellationToken);
}
