using System.Net;
using System.Text.Json;
using WindFlow.Tests.E2E;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web.Deployments;

/// <summary>The WindFlow process killed in the middle of a deploy, then started again on the same data.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RunRecoveryTests(DockerEngine docker)
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    [Fact]
    public Task Deploy_ProcessKilledMidRun_ResumesAfterRestartWithNoOrphans() =>
        InterruptAndResumeAsync(app => app.KillAsync(), "WindFlow restarted while this run was in progress; resuming it.");

    [Fact]
    public Task Deploy_ProcessStoppedMidRun_SaysSoAndResumesAfterRestart() =>
        // SIGTERM: the run is told to stop, writes where it was, and Quartz stores it back for recovery.
        InterruptAndResumeAsync(app => app.StopAsync(TimeSpan.FromSeconds(30)), "WindFlow is stopping; this run will resume when it starts again.");

    private async Task InterruptAndResumeAsync(Func<AppProcess, Task> interrupt, string expectedEvent)
    {
        var data = Directory.CreateTempSubdirectory("windflow-recovery-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
            ["Docker__AutoRegisterLocal"] = "false",
        };
        var project = "wfr" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            string deployment;
            string run;
            await using (var first = await AppProcess.StartAsync(environment, data))
            {
                using var client = await SignedInClientAsync(first, Admin, Password);
                var target = await TargetApiTests.CreateAsync(client, new { name = TargetApiTests.UniqueName("rec"), endpoint = docker.Endpoint });
                var stack = await CreateStackAsync(client, SlowHealthStack(healthyAfterSeconds: 6), new Dictionary<string, object>());
                (deployment, run) = await DeployAsync(client, stack, target, project, new Dictionary<string, object>());

                // Interrupt once db exists and web is still waiting for its health check.
                await WaitUntilAsync(async () => (await docker.DockerAsync(["ps", "-q", "--filter", $"label=com.docker.compose.project={project}"])).Trim().Length > 0);
                await interrupt(first);
            }

            var interrupted = await RunStatusAfterKillAsync(data, environment, run);
            Assert.True(interrupted.Status == "running", $"The interrupted run is {interrupted.Status} ({interrupted.Error}), not running.");
            await using var second = await AppProcess.StartAsync(environment, data);
            using var again = await SignedInClientAsync(second, Admin, Password);
            var finished = await WaitForSuccessAsync(again, run);
            var events = await EventsTextAsync(again, run);
            Assert.Contains(expectedEvent, events, StringComparison.Ordinal);
            Assert.Contains("resuming", events, StringComparison.Ordinal);
            Assert.Equal(1, finished.GetProperty("revision").GetInt32());

            // Exactly one container per service: the resumed run kept db and made web once.
            var services = ContainerIds(await GetDeploymentAsync(again, deployment));
            Assert.Equal(["db", "web"], services.Keys.Order());
            Assert.All(services.Values, ids => Assert.Single(ids));
            var all = (await docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, all.Length);
        }
        finally
        {
            foreach (var id in (await docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"], throwOnFailure: false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await docker.RemoveContainerAsync(id);
            }

            Directory.Delete(data, recursive: true);
        }
    }


    // What the database says right after the kill, read by a process that does not resume runs:
    // the run was interrupted, not finished.
    private static async Task<(string Status, string Error)> RunStatusAfterKillAsync(string data, Dictionary<string, string> environment, string run)
    {
        await using var reader = await AppProcess.StartAsync(new Dictionary<string, string>(environment) { ["Deployments__ResumeRunsAtStart"] = "false" }, data);
        using var client = await SignedInClientAsync(reader, Admin, Password);
        using var response = await client.GetAsync($"/api/v1/runs/{run}");
        var json = await AssertJsonAsync(response, HttpStatusCode.OK);
        return (json.GetProperty("status").GetString()!, json.GetProperty("error").ToString());
    }

}
