using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.WorkflowApi;

namespace WindFlow.Tests.Web.Workflows;

/// <summary>
/// <c>trigger.schedule</c> on the real app: Quartz (persistent SQLite store) fires the cron trigger and
/// each firing starts a run; saving without the schedule, disabling and deleting take the trigger away.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WorkflowScheduleTests(WindFlowAppFactory app) : IClassFixture<WindFlowAppFactory>
{
    private const string EveryTwoSeconds = "0/2 * * * * ?";

    // Three periods of the schedule: a trigger left behind would fire in it.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Schedule_EveryTwoSeconds_StartsRunsByItselfUntilSavedWithoutIt()
    {
        using var client = await app.CreateApiClientAsync();
        var name = TargetApiTests.UniqueName("every2s");
        var id = await CreateAsync(client, Workflow(name, [Schedule("s", EveryTwoSeconds), SetTag("v")], [new { from = "s", to = "v" }]));
        Assert.Equal(1, await ScheduleTriggerCountAsync(id));

        var runs = await WaitForRunsAsync(client, id, 2);
        // Two firings, not one firing seen twice.
        Assert.Equal(runs.Count, runs.Select(FiredAt).Distinct().Count());

        foreach (var summary in runs)
        {
            var run = await WaitFinishedAsync(client, summary.GetProperty("id").GetString()!);
            Assert.Equal("succeeded", run.GetProperty("status").GetString());
            Assert.Equal(1, run.GetProperty("workflowVersion").GetInt32());
            var trigger = run.GetProperty("trigger");
            Assert.Equal("schedule", trigger.GetProperty("type").GetString());
            Assert.Equal("s", trigger.GetProperty("body").GetProperty("nodeId").GetString());
            Assert.Equal("scheduled", Node(run, "v").GetProperty("output").GetProperty("tag").GetString());
        }

        using (var response = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/workflows/{id}", Workflow(name, [Manual("m"), SetTag("v")], [new { from = "m", to = "v" }])))
        {
            Assert.Equal(2, (await AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("version").GetInt32());
        }

        var savedAt = DateTimeOffset.UtcNow;
        Assert.Equal(0, await ScheduleTriggerCountAsync(id));
        await AssertNoFiringAfterAsync(client, id, savedAt);
    }

    [Fact]
    public async Task Schedule_DisabledThenEnabled_StopsAndResumesFiring()
    {
        using var client = await app.CreateApiClientAsync();
        var id = await CreateAsync(client, Workflow(TargetApiTests.UniqueName("toggle"), [Schedule("s", EveryTwoSeconds), SetTag("v")], [new { from = "s", to = "v" }]));
        await WaitForRunsAsync(client, id, 1);

        using (var response = await client.PostAsync($"/api/v1/workflows/{id}/disable", null))
        {
            Assert.False((await AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("enabled").GetBoolean());
        }

        var disabledAt = DateTimeOffset.UtcNow;
        Assert.Equal(0, await ScheduleTriggerCountAsync(id));
        await AssertNoFiringAfterAsync(client, id, disabledAt);

        using (var response = await client.PostAsync($"/api/v1/workflows/{id}/enable", null))
        {
            Assert.True((await AssertJsonAsync(response, HttpStatusCode.OK)).GetProperty("enabled").GetBoolean());
        }

        var enabledAt = DateTimeOffset.UtcNow;
        Assert.Equal(1, await ScheduleTriggerCountAsync(id));
        var count = (await ListRunsAsync(client, id)).Count;
        var after = await WaitForRunsAsync(client, id, count + 1);
        Assert.Contains(after, r => FiredAt(r) > enabledAt);
    }

    [Fact]
    public async Task Schedule_WorkflowDeleted_TriggerRemoved()
    {
        using var client = await app.CreateApiClientAsync();
        var id = await CreateAsync(client, Workflow(TargetApiTests.UniqueName("delete"), [Schedule("s", EveryTwoSeconds), SetTag("v")], [new { from = "s", to = "v" }]));
        await WaitForRunsAsync(client, id, 1);

        // A firing may have a run in progress at that moment, which deleting refuses (409); the next try finds it finished.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await client.DeleteAsync($"/api/v1/workflows/{id}");
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }

            await AssertProblemAsync(response, HttpStatusCode.Conflict);
            Assert.True(DateTimeOffset.UtcNow < deadline, "The workflow could not be deleted within 30 s.");
            await Task.Delay(200);
        }

        // The runs went with the workflow, so only the scheduler can show what is left: neither trigger nor job.
        Assert.Equal(0, await ScheduleTriggerCountAsync(id));
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Null(await scheduler.GetJobDetail(ScheduleJob(id)));
    }

    private static object Schedule(string id, string cron) => new { id, type = "trigger.schedule", config = new { cron, timeZone = "UTC" } };

    private static object SetTag(string id) => new { id, type = "logic.set", config = new { values = new { tag = "{{ trigger.type }}d" } } };

    private static DateTimeOffset FiredAt(JsonElement run) => run.GetProperty("trigger").GetProperty("body").GetProperty("firedAt").GetDateTimeOffset();

    private static JobKey ScheduleJob(string workflowId) => new($"workflow-{workflowId}", "workflow-schedules");

    // The Quartz triggers the app holds for the workflow's schedules.
    private async Task<int> ScheduleTriggerCountAsync(string workflowId)
    {
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return (await scheduler.GetTriggersOfJob(ScheduleJob(workflowId))).Count;
    }

    private static async Task<List<JsonElement>> ListRunsAsync(HttpClient client, string workflowId)
    {
        using var response = await client.GetAsync($"/api/v1/workflow-runs?workflowId={workflowId}&limit=500");
        return (await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray().ToList();
    }

    private static async Task<List<JsonElement>> WaitForRunsAsync(HttpClient client, string workflowId, int count)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var runs = await ListRunsAsync(client, workflowId);
            if (runs.Count >= count)
            {
                return runs;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The schedule started {runs.Count} runs in 30 s, not {count}.");
            await Task.Delay(200);
        }
    }

    // Waits three periods, then checks that every run came from a firing before `since`.
    private static async Task AssertNoFiringAfterAsync(HttpClient client, string workflowId, DateTimeOffset since)
    {
        await Task.Delay(Quiet);
        var late = (await ListRunsAsync(client, workflowId)).Where(r => FiredAt(r) > since).ToList();
        Assert.True(late.Count == 0, $"{late.Count} runs fired after the schedule was removed: {string.Join(", ", late.Select(FiredAt))}");
    }
}
