using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Quartz;
using WindFlow.Core.Workflows;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>
/// Executes one workflow run; the run id travels in the job data. Like deployment runs it requests
/// recovery, so a run whose process died or stopped is resumed from its persisted node states.
/// </summary>
internal sealed class WorkflowRunJob(WorkflowRunProcessor processor) : IJob
{
    public const string RunIdKey = "runId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(context.MergedJobDataMap.GetString(RunIdKey), out var runId))
        {
            return;
        }

        await processor.ExecuteAsync(runId, cancellationToken);
        // Throwing is what tells Quartz to store the firing back for recovery instead of completing it.
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>Fires a run for one schedule trigger of a workflow.</summary>
[DisallowConcurrentExecution]
internal sealed partial class WorkflowScheduleJob(WorkflowRunService runs, ILogger<WorkflowScheduleJob> logger) : IJob
{
    public const string WorkflowIdKey = "workflowId";
    public const string NodeIdKey = "nodeId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(context.MergedJobDataMap.GetString(WorkflowIdKey), out var workflowId))
        {
            return;
        }

        // scheduledFor names the cron slot (a firing delayed by a busy or restarting scheduler keeps
        // it), firedAt when it actually fired.
        var body = new JsonObject
        {
            ["nodeId"] = context.MergedJobDataMap.GetString(NodeIdKey),
            ["scheduledFor"] = context.ScheduledFireTimeUtc,
            ["firedAt"] = context.FireTimeUtc,
        };
        var started = await runs.StartTriggeredAsync(workflowId, "schedule", body, cancellationToken);
        if (!started.Succeeded)
        {
            LogNotStarted(logger, workflowId, started.Error!.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schedule of workflow {WorkflowId} did not start a run: {Reason}")]
    private static partial void LogNotStarted(ILogger logger, Guid workflowId, string reason);
}

/// <summary>Runs as one-shot persistent Quartz jobs; schedule triggers as cron triggers in their time zone.</summary>
internal sealed class QuartzWorkflowScheduler(ISchedulerFactory factory) : IWorkflowScheduler
{
    private const string RunGroup = "workflow-runs";
    private const string ScheduleGroup = "workflow-schedules";

    public async Task EnqueueAsync(Guid runId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<WorkflowRunJob>()
            .WithIdentity($"workflow-run-{runId}", RunGroup)
            .UsingJobData(WorkflowRunJob.RunIdKey, runId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity($"workflow-run-{runId}", RunGroup).StartNow().Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, default, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Scheduled twice (recovery racing a request): it is the same run, keep the first.
        }
    }

    public async Task SyncSchedulesAsync(Guid workflowId, Workflow? workflow, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var key = new JobKey($"workflow-{workflowId}", ScheduleGroup);
        // Deleting the job drops its triggers; the workflow's current ones are added back below.
        await scheduler.DeleteJob(key, cancellationToken);
        if (workflow is null || !workflow.Enabled)
        {
            return;
        }

        var schedules = workflow.Graph.Nodes.Where(n => n.Type == "trigger.schedule").ToList();
        if (schedules.Count == 0)
        {
            return;
        }

        var job = JobBuilder.Create<WorkflowScheduleJob>().WithIdentity(key).UsingJobData(WorkflowScheduleJob.WorkflowIdKey, workflowId.ToString()).Build();
        var triggers = schedules
            .Select(node => (ITrigger)TriggerBuilder.Create()
                .WithIdentity($"workflow-{workflowId}-{node.Id}", ScheduleGroup)
                .ForJob(key)
                .UsingJobData(WorkflowScheduleJob.NodeIdKey, node.Id)
                .WithCronSchedule(
                    WorkflowCron.ToQuartz(node.Config["cron"]?.ToString() ?? ""),
                    c => c.InTimeZone(WorkflowCron.TimeZone(node.Config["timeZone"]?.ToString())))
                .Build())
            .ToList();
        await scheduler.ScheduleJob(job, triggers, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public IReadOnlyList<WorkflowProblem> CheckSchedules(WorkflowGraph graph)
    {
        var problems = new List<WorkflowProblem>();
        foreach (var node in graph.Nodes.Where(n => n.Type == "trigger.schedule"))
        {
            if (node.Config["cron"]?.ToString() is { Length: > 0 } cron && WorkflowCron.Problem(cron) is { } problem)
            {
                problems.Add(new WorkflowProblem(node.Id, "cron", problem));
            }

            var zone = node.Config["timeZone"]?.ToString();
            if (!string.IsNullOrWhiteSpace(zone) && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                problems.Add(new WorkflowProblem(node.Id, "timeZone", $"Unknown time zone '{zone}' (use an IANA name such as Europe/Paris)."));
            }
        }

        return problems;
    }

    public IReadOnlyList<DateTimeOffset> NextFireTimes(string cron, string? timeZone, DateTimeOffset after, int count) =>
        WorkflowCron.NextFireTimes(cron, timeZone, after, count);
}

/// <summary>Reads the cron expressions of schedule triggers: Quartz's six or seven fields, or the classic five (minute first).</summary>
internal static class WorkflowCron
{
    public static string ToQuartz(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 5)
        {
            return string.Join(' ', fields);
        }

        // Classic cron has no seconds and allows '*' in both day fields; Quartz wants '?' in one.
        var (dayOfMonth, dayOfWeek) = (fields[2], fields[4]);
        if (dayOfWeek == "*")
        {
            dayOfWeek = "?";
        }
        else if (dayOfMonth == "*")
        {
            dayOfMonth = "?";
            // Classic cron counts Sunday as 0 (or 7), Quartz as 1.
            dayOfWeek = string.Concat(dayOfWeek.Select(c => char.IsAsciiDigit(c) ? (char)('1' + ((c - '0') % 7)) : c));
        }

        return $"0 {fields[0]} {fields[1]} {dayOfMonth} {fields[3]} {dayOfWeek}";
    }

    public static string? Problem(string cron)
    {
        try
        {
            _ = new CronExpression(ToQuartz(cron));
            return null;
        }
        catch (FormatException ex)
        {
            return $"'{cron}' is not a cron expression: {ex.Message}";
        }
    }

    public static IReadOnlyList<DateTimeOffset> NextFireTimes(string cron, string? timeZone, DateTimeOffset after, int count)
    {
        if (Problem(cron) is not null)
        {
            return [];
        }

        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(timeZone))
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found))
            {
                return [];
            }

            zone = found;
        }

        // The same expression and zone SyncSchedulesAsync gives Quartz, so the preview is what will fire.
        var expression = new CronExpression(ToQuartz(cron), zone);
        var times = new List<DateTimeOffset>(count);
        for (var next = expression.GetNextValidTimeAfter(after); next is { } at && times.Count < count; next = expression.GetNextValidTimeAfter(at))
        {
            times.Add(TimeZoneInfo.ConvertTime(at, zone));
        }

        return times;
    }

    public static TimeZoneInfo TimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
