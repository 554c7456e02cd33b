using Microsoft.Extensions.Options;
using Quartz;
using WindFlow.Core.Deployments;
using WindFlow.Core.Deployments.Engine;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Executes one deployment run; the run id travels in the job data.</summary>
internal sealed class DeploymentRunJob(RunExecutor executor) : IJob
{
    public const string RunIdKey = "runId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(context.MergedJobDataMap.GetString(RunIdKey), out var runId))
        {
            await executor.ExecuteAsync(runId, cancellationToken);
        }
    }
}

/// <summary>Schedules runs as one-shot Quartz jobs, fired at once.</summary>
internal sealed class QuartzRunScheduler(ISchedulerFactory factory) : IRunScheduler
{
    public async Task EnqueueAsync(Guid runId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<DeploymentRunJob>()
            .WithIdentity($"run-{runId}", "runs")
            .UsingJobData(DeploymentRunJob.RunIdKey, runId.ToString())
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity($"run-{runId}", "runs").StartNow().Build();
        // A run scheduled twice (recovery racing a request) is the same job: keep the first.
        if (!await scheduler.Exists(job.Key, cancellationToken))
        {
            await scheduler.ScheduleJob(job, trigger, default, cancellationToken);
        }
    }
}

/// <summary>Hands runs left over by a previous process back to the scheduler once WindFlow serves requests.</summary>
internal sealed class RunRecoveryService(
    RunRecovery recovery, IOptions<DeployEngineOptions> options, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ResumeRunsAtStart)
        {
            return;
        }

        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await recovery.RecoverAsync(stoppingToken);
    }
}
