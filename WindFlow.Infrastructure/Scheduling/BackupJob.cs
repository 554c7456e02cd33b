using Quartz;
using WindFlow.Infrastructure.Backup;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Writes a scheduled backup archive (<c>Backup__Schedule</c>).</summary>
[DisallowConcurrentExecution]
internal sealed class BackupJob(ScheduledBackup backup) : IJob
{
    public static readonly JobKey Key = new("backup", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await backup.RunAsync(cancellationToken);
}
