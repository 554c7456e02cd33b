using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using WindFlow.Core.Auditing;
using WindFlow.Core.Deployments;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Backup;
using WindFlow.Infrastructure.Cluster;
using WindFlow.Infrastructure.Persistence;

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

        var database = DatabaseOptions.Resolve(configuration, DatabaseOptions.DataDirectory(configuration));
        var scheduling = new SchedulingOptions();
        configuration.GetSection(SchedulingOptions.SectionName).Bind(scheduling);
        if (scheduling.Validate(database, !string.IsNullOrEmpty(configuration["Auth:JwtSigningKey"])) is { } problem)
        {
            throw new OptionsValidationException(SchedulingOptions.SectionName, typeof(SchedulingOptions), [problem]);
        }

        var backup = new BackupOptions();
        configuration.GetSection(BackupOptions.SectionName).Bind(backup);
        if (backup.Schedule is { Length: > 0 } cron)
        {
            try
            {
                _ = new CronExpression(cron);
            }
            catch (FormatException ex)
            {
                throw new OptionsValidationException(BackupOptions.SectionName, typeof(BackupOptions),
                    [$"Backup__Schedule '{cron}' is not a Quartz cron expression (seconds first, e.g. '0 0 3 * * ?' for 03:00 daily): {ex.Message}"]);
            }
        }

        var audit = new AuditOptions();
        configuration.GetSection(AuditOptions.SectionName).Bind(audit);
        if (audit.RetentionDays < 0 || audit.PruneInterval < TimeSpan.FromMinutes(1))
        {
            throw new OptionsValidationException(AuditOptions.SectionName, typeof(AuditOptions),
                [$"Audit__RetentionDays must be 0 (keep forever) or more (is {audit.RetentionDays}), and Audit__PruneInterval at least 00:01:00 (is {audit.PruneInterval})."]);
        }

        services.Configure<AuditOptions>(configuration.GetSection(AuditOptions.SectionName));
        services.Configure<BackupOptions>(configuration.GetSection(BackupOptions.SectionName));
        services.AddSingleton<ScheduledBackup>();
        services.AddQuartz(q =>
        {
            // Jobs live in WindFlow's own database: a queued run survives a restart, and a run whose
            // process died is handed back by Quartz's recovery (DeploymentRunJob requests it). The
            // QRTZ_ tables are created on first start; Quartz only ever adds what is missing.
            q.UsePersistentStore(store =>
            {
                store.ProvisionSchema();
                // A run stopped by a graceful shutdown throws OperationCanceledException and is
                // stored back for recovery, exactly like one a crash interrupted.
                store.ConfigureStore(o => o.RecoverFiringsCancelledByShutdown = true);
                if (database.IsPostgres)
                {
                    store.UsePostgres(database.ConnectionString!);
                    if (scheduling.Clustered)
                    {
                        // A dead instance is noticed one missed check-in later, and its runs recovered elsewhere.
                        store.UseClustering(c =>
                        {
                            c.CheckinInterval = scheduling.ClusterCheckinInterval;
                            c.CheckinMisfireThreshold = scheduling.ClusterCheckinInterval;
                        });
                    }
                }
                else
                {
                    store.UseSqlite(database.ConnectionString!);
                }
            });
            // Running jobs are told to stop when the host stops, and the host waits for them to
            // write where they were (a run event) before exiting.
            q.ConfigureScheduler(o => o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            q.AddJobListener<SchedulerMetricsListener>();
            q.AddTriggerListener<SchedulerMetricsListener>();
            q.AddJob<TargetStatusJob>(j => j.WithIdentity(TargetStatusJob.Key));
            q.AddTrigger(t => t
                .ForJob(TargetStatusJob.Key)
                .WithIdentity("target-status-every-interval", "targets")
                // Start-up already probed the local engine; the first refresh can wait one interval.
                .StartAt(TimeProvider.System.GetUtcNow() + docker.StatusRefreshInterval)
                .WithSimpleSchedule(s => s.WithInterval(docker.StatusRefreshInterval).RepeatForever()));
            // Same identities on every start, so the persistent store replaces the trigger when the interval changes.
            q.AddJob<AuditRetentionJob>(j => j.WithIdentity(AuditRetentionJob.Key));
            q.AddTrigger(t => t
                .ForJob(AuditRetentionJob.Key)
                .WithIdentity("audit-retention-every-interval", "maintenance")
                .StartAt(TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(1))
                .WithSimpleSchedule(s => s.WithInterval(audit.PruneInterval).RepeatForever()));
            if (backup.Schedule is { Length: > 0 } schedule)
            {
                // Same identities on every start: the persistent store replaces them instead of adding copies.
                q.AddJob<BackupJob>(j => j.WithIdentity(BackupJob.Key));
                q.AddTrigger(t => t.ForJob(BackupJob.Key).WithIdentity("backup-schedule", "maintenance").WithCronSchedule(schedule));
            }
        });
        services.AddSingleton<IRunScheduler, QuartzRunScheduler>();
        if (scheduling.Clustered)
        {
            services.AddHostedService<PostgresLiveRelay>();
        }

        services.AddHostedService<RunRecoveryService>();
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
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
