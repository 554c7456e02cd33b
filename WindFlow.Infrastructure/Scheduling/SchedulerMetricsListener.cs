using Quartz;
using WindFlow.Core.Observability;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Reports Quartz jobs executing, executed and misfired to <see cref="WindFlowMetrics"/>.</summary>
internal sealed class SchedulerMetricsListener(WindFlowMetrics metrics) : IJobListener, ITriggerListener
{
    public string Name => nameof(SchedulerMetricsListener);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        metrics.JobExecuting(context.JobDetail.Key.Group, +1);
        return ValueTask.CompletedTask;
    }

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        metrics.JobExecuting(context.JobDetail.Key.Group, -1);
        metrics.JobExecuted(context.JobDetail.Key.Group, succeeded: jobException is null);
        return ValueTask.CompletedTask;
    }

    public ValueTask TriggerMisfired(ITrigger trigger, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        metrics.JobMisfired();
        return ValueTask.CompletedTask;
    }
}
