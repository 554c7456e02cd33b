using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using WindFlow.Core.Deployments;
using WindFlow.Core.Deployments.Engine;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>
/// Executes one deployment run; the run id travels in the job data. The job requests recovery, so
/// a run whose process died (or was stopped) is fired again by Quartz when a scheduler starts on
/// the same database.
/// </summary>
internal sealed partial class DeploymentRunJob(RunExecutor executor, IOptions<DeployEngineOptions> options, ILogger<DeploymentRunJob> logger) : IJob
{
    public const string RunIdKey = "runId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(context.MergedJobDataMap.GetString(RunIdKey), out var runId))
        {
            return;
        }

        if (context.Recovering && !options.Value.ResumeRunsAtStart)
        {
            // Left as the dead process left it, for inspection; a later start with resuming on
            // picks it up again (RunRecovery).
            LogNotResumed(logger, runId);
            return;
        }

        await executor.ExecuteAsync(runId, cancellationToken);
        // The executor returns quietly when stopped mid-run; throwing here is what tells Quartz
        // to store the firing back for recovery instead of completing it.
        cancellationToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was interrupted by the previous process; not resuming it because Deployments__ResumeRunsAtStart is false")]
    private static partial void LogNotResumed(ILogger logger, Guid runId);
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
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity($"run-{runId}", "runs").StartNow().Build();
        // A run scheduled twice (recovery racing a request) is the same job: keep the first.
        try
        {
            await scheduler.ScheduleJob(job, trigger, default, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
        }
    }
}

/// <summary>
/// Hands runs left over by a previous process back to the scheduler once WindFlow serves requests.
/// Quartz's own recovery covers runs whose job was stored; this covers the rest (a run recorded
/// just before a crash, before its job was), and never schedules a run twice.
/// </summary>
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
