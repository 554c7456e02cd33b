using Microsoft.Extensions.Options;
using Quartz;
using WindFlow.Infrastructure.Backup;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Writes a scheduled backup archive (<c>Backup__Schedule</c>).</summary>
[DisallowConcurrentExecution]
internal sealed class BackupJob(ScheduledBackup backup, IOptions<BackupOptions> options) : IJob
{
    public static readonly JobKey Key = new("backup", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The trigger outlives the setting in the persistent store: once Backup__Schedule is
        // removed, the first firing deletes the job instead of backing up.
        if (string.IsNullOrEmpty(options.Value.Schedule))
        {
            await context.Scheduler.DeleteJob(Key, cancellationToken);
            return;
        }

        await backup.RunAsync(cancellationToken);
    }
}
