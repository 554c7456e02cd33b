using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using WindFlow.Core.Deployments;
using WindFlow.Core.Observability;
using WindFlow.Infrastructure.Scheduling;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure;

/// <summary>
/// Runs are Quartz jobs kept in WindFlow's own database: one queued by a process that then stops is
/// still there, marked for recovery, when the next process opens the same database.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class QuartzJobStoreTests(PostgresServer postgres) : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("windflow-quartz-").FullName;

    [Fact]
    public async Task EnqueuedRun_SchedulerRestartsOnSqlite_JobIsStillStoredForRecovery()
    {
        var settings = new Dictionary<string, string?> { ["WINDFLOW_DATA_DIR"] = _dataDirectory };

        await AssertQueuedRunSurvivesRestartAsync(settings);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "windflow.db")), "The job store is not in WindFlow's SQLite file.");
    }

    [Fact]
    public async Task EnqueuedRun_SchedulerRestartsOnPostgres_JobIsStillStoredForRecovery()
    {
        var settings = new Dictionary<string, string?>
        {
            ["WINDFLOW_DATA_DIR"] = _dataDirectory,
            ["Database:Provider"] = "postgres",
            ["ConnectionStrings:WindFlow"] = await postgres.CreateDatabaseAsync(),
        };

        await AssertQueuedRunSurvivesRestartAsync(settings);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "windflow.db")));
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static async Task AssertQueuedRunSurvivesRestartAsync(Dictionary<string, string?> settings)
    {
        var runId = Guid.NewGuid();
        var key = new JobKey($"run-{runId}", "runs");
        await using (var first = BuildScheduling(settings))
        {
            // Never started: the run stays queued, as when WindFlow stops before the job fires.
            var scheduler = await first.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var runs = first.GetRequiredService<IRunScheduler>();
            await runs.EnqueueAsync(runId, CancellationToken.None);
            // Recovery racing the request that queued the run: the second call is the same job.
            await runs.EnqueueAsync(runId, CancellationToken.None);
            await scheduler.Shutdown();
        }

        await using var second = BuildScheduling(settings);
        var reopened = await second.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var job = await reopened.GetJobDetail(key);
        Assert.NotNull(job);
        Assert.True(job.RequestsRecovery);
        Assert.Equal(runId.ToString(), job.JobDataMap.GetString(DeploymentRunJob.RunIdKey));
        Assert.Single(await reopened.GetTriggersOfJob(key));
        await reopened.Shutdown();
    }

    private static ServiceProvider BuildScheduling(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddMetrics();
        // The scheduler's metrics listener is built with the scheduler.
        services.AddSingleton<WindFlowMetrics>();
        services.AddWindFlowScheduling(configuration);
        return services.BuildServiceProvider();
    }
}
