using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Quartz;
using WindFlow.Core.Observability;
using WindFlow.Infrastructure.Scheduling;
using WindFlow.Web.Metrics;

namespace WindFlow.Tests.Infrastructure.Scheduling;

/// <summary>The Quartz listener on a real in-memory Quartz scheduler, read back through the real exporter.</summary>
public sealed class SchedulerMetricsListenerTests : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<string, Gate> Gates = new();

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private MetricsCollector _collector = default!;
    private IScheduler _scheduler = default!;

    public async Task InitializeAsync()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _collector = new MetricsCollector(Options.Create(new MetricsOptions()), factory, NullLogger<MetricsCollector>.Instance);
        _collector.Start();
        var metrics = new WindFlowMetrics(factory);
        metrics.PublishZeroSeries();
        var listener = new SchedulerMetricsListener(metrics);
        _scheduler = await QuartzSchedulerBuilder
            .Create(q => q
                .ConfigureScheduler(o => o.InstanceName = "metrics-test-" + Guid.NewGuid().ToString("N"))
                // One worker thread and a short threshold, so a busy scheduler misfires within a test.
                .UseDefaultThreadPool(maxConcurrency: 1)
                .UseInMemoryStore(o => o.MisfireThreshold = TimeSpan.FromMilliseconds(500))
                .AddJobListener(listener)
                .AddTriggerListener(listener))
            .BuildScheduler();
        await _scheduler.Start();
    }

    public async Task DisposeAsync()
    {
        foreach (var gate in Gates.Values)
        {
            gate.Release.TrySetResult();
        }

        await _scheduler.Shutdown(waitForJobsToComplete: true);
        _collector.Dispose();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Job_RunningThenDone_ExecutingGoesUpAndDownAndOutcomeIsCounted()
    {
        var gate = await StartGatedJobAsync("runs", fail: false);
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("windflow_scheduler_jobs_executing{job_group=\"runs\"} 1\n", _collector.Render(), StringComparison.Ordinal);

        gate.Release.SetResult();
        var text = await RenderWhenAsync("windflow_scheduler_jobs_executed_total{job_group=\"runs\",outcome=\"succeeded\"} 1\n");
        Assert.Contains("windflow_scheduler_jobs_executing{job_group=\"runs\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_Throws_CountedAsFailed()
    {
        var gate = await StartGatedJobAsync("targets", fail: true);
        gate.Release.SetResult();

        await RenderWhenAsync("windflow_scheduler_jobs_executed_total{job_group=\"targets\",outcome=\"failed\"} 1\n");
    }

    [Fact]
    public async Task Trigger_DueWhileTheOnlyWorkerIsBusy_CountedAsMisfired()
    {
        Assert.Contains("windflow_scheduler_jobs_misfired_total 0\n", _collector.Render(), StringComparison.Ordinal);
        var busy = await StartGatedJobAsync("runs", fail: false);
        await busy.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var late = await StartGatedJobAsync("targets", fail: false);
        late.Release.SetResult();

        // The second trigger waits for the only worker well past the 500 ms threshold.
        await Task.Delay(TimeSpan.FromSeconds(2));
        busy.Release.SetResult();

        await RenderWhenAsync("windflow_scheduler_jobs_misfired_total 1\n");
    }

    private async Task<Gate> StartGatedJobAsync(string group, bool fail)
    {
        var job = JobBuilder.Create<GatedJob>().WithIdentity(Guid.NewGuid().ToString("N"), group).Build();
        var gate = Gates[job.Key.Name] = new Gate(fail);
        await _scheduler.ScheduleJob(job, TriggerBuilder.Create().StartNow().Build());
        return gate;
    }

    private async Task<string> RenderWhenAsync(string expected)
    {
        var text = "";
        for (var i = 0; i < 100; i++)
        {
            text = _collector.Render();
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Never saw `{expected.TrimEnd()}`; last exposition:\n{text}");
        return text;
    }

    private sealed record Gate(bool Fail)
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class GatedJob : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var gate = Gates[context.JobDetail.Key.Name];
            gate.Started.TrySetResult();
            await gate.Release.Task.WaitAsync(cancellationToken);
            if (gate.Fail)
            {
                throw new JobExecutionException("failed on purpose");
            }
        }
    }
}
