using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using WindFlow.Core.Deployments;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Registers Quartz with WindFlow's recurring jobs, and the engine event monitor.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>Adds the scheduler and background watchers.</summary>
    public static IServiceCollection AddWindFlowScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var docker = new DockerOptions();
        configuration.GetSection(DockerOptions.SectionName).Bind(docker);
        if (docker.StatusRefreshInterval < TimeSpan.FromSeconds(5))
        {
            throw new InvalidOperationException(
                $"Docker:StatusRefreshInterval is {docker.StatusRefreshInterval}; use at least 00:00:05 so status checks do not flood the engines.");
        }

        // In memory for now: the status job needs no persistence. The persistent, clustered store
        // arrives with the first jobs that must survive a restart (deployments, issue #4).
        services.AddQuartz(q =>
        {
            q.AddJobListener<SchedulerMetricsListener>();
            q.AddTriggerListener<SchedulerMetricsListener>();
            q.AddJob<TargetStatusJob>(j => j.WithIdentity(TargetStatusJob.Key));
            q.AddTrigger(t => t
                .ForJob(TargetStatusJob.Key)
                .WithIdentity("target-status-every-interval", "targets")
                // Start-up already probed the local engine; the first refresh can wait one interval.
                .StartAt(TimeProvider.System.GetUtcNow() + docker.StatusRefreshInterval)
                .WithSimpleSchedule(s => s.WithInterval(docker.StatusRefreshInterval).RepeatForever()));
        });
        services.AddSingleton<IRunScheduler, QuartzRunScheduler>();
        services.AddHostedService<RunRecoveryService>();
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = false;
            // The scheduler starts once WindFlow serves requests, so it adds nothing to start-up time.
            o.AwaitApplicationStarted = true;
        });
        if (docker.WatchEvents)
        {
            services.AddHostedService<EngineEventMonitorService>();
        }

        return services;
    }
}
