using System.Net;
using System.Text.Json;
using WindFlow.Tests.E2E;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.DeploymentApi;
using static WindFlow.Tests.TestSupport.WorkflowApi;

namespace WindFlow.Tests.Web.Workflows;

/// <summary>
/// The WindFlow process killed (SIGKILL, no shutdown) or stopped (SIGTERM) while a workflow run is in progress, then
/// started again on the same SQLite data: Quartz's persistent store hands the run back, and the
/// engine resumes it from its persisted node states.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WorkflowRecoveryTests
{
    private const int DelaySeconds = 4;

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["WINDFLOW_ADMIN_USER"] = WindFlowAppFactory.DefaultAdminUserName,
        ["WINDFLOW_ADMIN_PASSWORD"] = WindFlowAppFactory.DefaultAdminPassword,
        ["Docker__AutoRegisterLocal"] = "false",
    };

    [Fact]
    public Task Run_KilledDuringDelay_ResumesAfterRestartRunningOnlyUnfinishedNodes() =>
        InterruptDelayAndResumeAsync(app => app.KillAsync());

    [Fact]
    public Task Run_StoppedDuringDelay_ResumesAfterRestartRunningOnlyUnfinishedNodes() =>
        // SIGTERM: the engine cancels the delay, and the run is stored back as running for the next start.
        InterruptDelayAndResumeAsync(app => app.StopAsync(TimeSpan.FromSeconds(30)));

    private static async Task InterruptDelayAndResumeAsync(Func<AppProcess, Task> interrupt)
    {
        // One port for both processes: the http node calls the app that runs it.
        var port = TestTools.FreePort();
        var data = Directory.CreateTempSubdirectory("windflow-wf-recovery-").FullName;
        try
        {
            var (workflowId, runId, interrupted) = await RunUntilInterruptedAsync(
                interrupt,
                data,
                port,
                baseUrl => Workflow(
                    TargetApiTests.UniqueName("resume"),
                    [Manual("t"), Delay("d", DelaySeconds), Http("h", baseUrl + "/api/health", expectedStatus: 200)],
                    [new { from = "t", to = "d" }, new { from = "d", to = "h" }]),
                new { reason = "restart" },
                r => Node(r, "d").GetProperty("status").GetString() == "running");

            // Where the stored run stood when the process was interrupted: the trigger done, the delay mid-way, the request not started.
            Assert.Equal("running", interrupted.GetProperty("status").GetString());
            Assert.Equal(("succeeded", 1), StatusAndAttempt(Node(interrupted, "t")));
            Assert.Equal(("running", 1), StatusAndAttempt(Node(interrupted, "d")));
            Assert.Equal(("pending", 0), StatusAndAttempt(Node(interrupted, "h")));

            var restartedAt = DateTimeOffset.UtcNow;
            await using var second = await AppProcess.StartAsync(Environment, data, port);
            using var again = await SignedInAsync(second);
            var run = await WaitFinishedAsync(again, runId);

            Assert.True(run.GetProperty("status").GetString() == "succeeded", $"The resumed run did not succeed: {run}");
            Assert.Equal(JsonValueKind.Null, run.GetProperty("error").ValueKind);
            Assert.Equal(interrupted.GetProperty("startedAt").GetString(), run.GetProperty("startedAt").GetString());
            Assert.Equal("restart", run.GetProperty("trigger").GetProperty("body").GetProperty("reason").GetString());

            // The finished trigger was kept as it was, not executed again.
            var t = Node(run, "t");
            Assert.Equal(("succeeded", 1), StatusAndAttempt(t));
            Assert.Equal(Node(interrupted, "t").GetProperty("startedAt").GetString(), t.GetProperty("startedAt").GetString());
            Assert.Equal(Node(interrupted, "t").GetProperty("finishedAt").GetString(), t.GetProperty("finishedAt").GetString());

            // The interrupted delay ran again as attempt 2, in the new process, for its whole length.
            var d = Node(run, "d");
            Assert.Equal(("succeeded", 2), StatusAndAttempt(d));
            var dStarted = d.GetProperty("startedAt").GetDateTimeOffset();
            var dFinished = d.GetProperty("finishedAt").GetDateTimeOffset();
            Assert.True(dStarted > restartedAt, $"Attempt 2 of the delay started at {dStarted:O}, before the restart at {restartedAt:O}.");
            Assert.True(dFinished - dStarted >= TimeSpan.FromSeconds(DelaySeconds - 0.5), $"The resumed delay lasted {dFinished - dStarted}.");

            // The request ran once, after the delay, against the restarted app.
            var h = Node(run, "h");
            Assert.Equal(("succeeded", 1), StatusAndAttempt(h));
            Assert.Equal(200, h.GetProperty("output").GetProperty("status").GetInt32());
            Assert.True(h.GetProperty("startedAt").GetDateTimeOffset() >= dFinished);

            // Resuming did not start a second run.
            Assert.Equal([runId], await RunIdsAsync(again, workflowId));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Run_KilledWhileWaitingForApproval_StillWaitsAfterRestartAndApprovalFinishesIt()
    {
        var port = TestTools.FreePort();
        var data = Directory.CreateTempSubdirectory("windflow-wf-recovery-").FullName;
        try
        {
            var (workflowId, runId, _) = await RunUntilInterruptedAsync(
                app => app.KillAsync(),
                data,
                port,
                baseUrl => Workflow(
                    TargetApiTests.UniqueName("approve-restart"),
                    [Manual("t"), new { id = "a", type = "action.approval", config = new { message = "Ship it?" } }, Http("h", baseUrl + "/api/health", expectedStatus: 200)],
                    [new { from = "t", to = "a" }, new { from = "a", to = "h" }]),
                null,
                r => Node(r, "a").GetProperty("status").GetString() == "waitingForApproval");

            await using var second = await AppProcess.StartAsync(Environment, data, port);
            using var again = await SignedInAsync(second);
            using (var response = await again.GetAsync($"/api/v1/workflow-runs/{runId}"))
            {
                var waiting = await AssertJsonAsync(response, HttpStatusCode.OK);
                Assert.Equal("running", waiting.GetProperty("status").GetString());
                Assert.Equal(("waitingForApproval", 1), StatusAndAttempt(Node(waiting, "a")));
                Assert.Equal(("pending", 0), StatusAndAttempt(Node(waiting, "h")));
            }

            using (var response = await again.PostAsync($"/api/v1/workflow-runs/{runId}/nodes/a/approve", null))
            {
                await AssertJsonAsync(response, HttpStatusCode.OK);
            }

            var run = await WaitFinishedAsync(again, runId);
            Assert.True(run.GetProperty("status").GetString() == "succeeded", $"The approved run did not succeed: {run}");
            var a = Node(run, "a");
            Assert.Equal(("succeeded", 1), StatusAndAttempt(a));
            Assert.Equal(WindFlowAppFactory.DefaultAdminUserName, a.GetProperty("output").GetProperty("by").GetString());
            // The approval node asked once: the restart did not execute it again.
            Assert.Equal(
                ["Waiting for approval: Ship it?", $"Approved by {WindFlowAppFactory.DefaultAdminUserName}"],
                a.GetProperty("logs").EnumerateArray().Select(l => l.GetString()));
            var h = Node(run, "h");
            Assert.Equal(("succeeded", 1), StatusAndAttempt(h));
            Assert.Equal(200, h.GetProperty("output").GetProperty("status").GetInt32());
            Assert.Equal([runId], await RunIdsAsync(again, workflowId));

            // Decided once, for good.
            await AssertProblemAsync(await again.PostAsync($"/api/v1/workflow-runs/{runId}/nodes/a/reject", null), HttpStatusCode.Conflict);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    // Starts WindFlow on `data`, saves the workflow (given the app's address) and runs it until
    // `interruptWhen` holds for the stored run; then interrupts the process and returns that run state.
    private static async Task<(string WorkflowId, string RunId, JsonElement Interrupted)> RunUntilInterruptedAsync(
        Func<AppProcess, Task> interrupt, string data, int port, Func<string, object> workflow, object? input, Func<JsonElement, bool> interruptWhen)
    {
        await using var first = await AppProcess.StartAsync(Environment, data, port);
        using var client = await SignedInAsync(first);
        var workflowId = await CreateAsync(client, workflow(first.BaseUrl));
        var runId = await StartAsync(client, workflowId, input);
        var interrupted = await WaitAsync(client, runId, interruptWhen);
        await interrupt(first);
        return (workflowId, runId, interrupted);
    }

    private static Task<HttpClient> SignedInAsync(AppProcess app) =>
        SignedInClientAsync(app, WindFlowAppFactory.DefaultAdminUserName, WindFlowAppFactory.DefaultAdminPassword);

    private static (string?, int) StatusAndAttempt(JsonElement node) => (node.GetProperty("status").GetString(), node.GetProperty("attempt").GetInt32());

    private static async Task<List<string>> RunIdsAsync(HttpClient client, string workflowId)
    {
        using var response = await client.GetAsync($"/api/v1/workflows/{workflowId}/runs");
        return (await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
    }
}
