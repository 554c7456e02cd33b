using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using WindFlow.Tests.E2E;
using WindFlow.Tests.TestSupport;
using Xunit.Abstractions;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web.Deployments;

/// <summary>
/// Two WindFlow processes on one PostgreSQL database with <c>Scheduling__Clustered</c>: live run
/// events reach a client of either instance, and a run whose instance dies is finished by the other.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ClusterTests(DockerEngine docker, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Admin = "admin";
    private const string Password = "correct-horse-battery";

    private readonly PostgresServer _postgres = new();
    private readonly List<string> _projects = [];
    private readonly List<string> _dataDirectories = [];
    private Dictionary<string, string> _environment = [];

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _environment = new Dictionary<string, string>
        {
            ["WINDFLOW_ADMIN_USER"] = Admin,
            ["WINDFLOW_ADMIN_PASSWORD"] = Password,
            ["Docker__AutoRegisterLocal"] = "false",
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__WindFlow"] = await _postgres.CreateDatabaseAsync(),
            ["Scheduling__Clustered"] = "true",
            ["Scheduling__ClusterCheckinInterval"] = "00:00:01",
            ["Auth__JwtSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
        };
    }

    public async Task DisposeAsync()
    {
        foreach (var project in _projects)
        {
            foreach (var id in (await docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"], throwOnFailure: false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await docker.RemoveContainerAsync(id);
            }
        }

        await _postgres.DisposeAsync();
        foreach (var directory in _dataDirectories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Deploy_TwoInstances_ClientsOfBothWatchTheRunToItsEnd()
    {
        await using var first = await StartInstanceAsync();
        await using var second = await StartInstanceAsync();
        using var one = await SignedInClientAsync(first, Admin, Password);
        using var two = await SignedInClientAsync(second, Admin, Password);
        var target = await TargetApiTests.CreateAsync(one, new { name = TargetApiTests.UniqueName("cl"), endpoint = docker.Endpoint });
        var stack = await CreateStackAsync(two, SlowHealthStack(healthyAfterSeconds: 2), new Dictionary<string, object>());
        var (_, run) = await DeployAsync(one, stack, target, NewProject(), new Dictionary<string, object>());

        // Only one instance executes the run; the other's stream ends only if the relay carried the
        // run's notifications across (it waits for live notifications, never polls).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var streams = await Task.WhenAll(StreamAsync(one, run, timeout.Token), StreamAsync(two, run, timeout.Token));

        Assert.All(streams, text =>
        {
            Assert.Contains("event: end", text, StringComparison.Ordinal);
            Assert.Contains("\"status\":\"succeeded\"", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Deploy_InstanceDiesMidRun_TheOtherInstanceFinishesIt()
    {
        string deployment;
        string run;
        var project = NewProject();
        var first = await StartInstanceAsync();
        try
        {
            using var one = await SignedInClientAsync(first, Admin, Password);
            var target = await TargetApiTests.CreateAsync(one, new { name = TargetApiTests.UniqueName("cl"), endpoint = docker.Endpoint });
            var stack = await CreateStackAsync(one, SlowHealthStack(healthyAfterSeconds: 15), new Dictionary<string, object>());
            // The only instance so far: it executes the run.
            (deployment, run) = await DeployAsync(one, stack, target, project, new Dictionary<string, object>());
            await WaitUntilAsync(async () => (await docker.DockerAsync(["ps", "-q", "--filter", $"label=com.docker.compose.project={project}"])).Trim().Length > 0);
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }

        await using var second = await StartInstanceAsync();
        using var two = await SignedInClientAsync(second, Admin, Password);
        var killedAt = DateTimeOffset.UtcNow;
        await first.KillAsync();
        await first.DisposeAsync();

        var finished = await WaitForSuccessAsync(two, run);
        var events = await EventsTextAsync(two, run);
        var resumed = Regex.Match(events, "\"time\":\"([^\"]+)\"[^\n]*resuming");
        Assert.True(resumed.Success, $"no resuming event in: {events}");
        // The failover figure of issue #7: Quartz on the survivor notices the dead instance after a
        // missed check-in and fires the recovery job.
        var failover = DateTimeOffset.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture) - killedAt;
        output.WriteLine($"Failover: the run resumed on the other instance {failover.TotalMilliseconds:0} ms after the first was killed (check-in interval 1 s).");
        Assert.Equal(1, finished.GetProperty("revision").GetInt32());
        var services = ContainerIds(await GetDeploymentAsync(two, deployment));
        Assert.All(services.Values, ids => Assert.Single(ids));
        var all = (await docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, all.Length);
    }

    [Fact]
    public async Task WorkflowRun_ApprovedAndCancelledThroughTheOtherInstance_TheExecutingInstanceFollows()
    {
        await using var first = await StartInstanceAsync();
        using var one = await SignedInClientAsync(first, Admin, Password);
        var gated = await WorkflowApi.CreateAsync(one, WorkflowApi.Workflow(TargetApiTests.UniqueName("cl-approve"),
            [WorkflowApi.Manual("t"), new { id = "ok", type = "action.approval", config = new { message = "Ship?" } }, WorkflowApi.Delay("after", 0)],
            [new { from = "t", to = "ok" }, new { from = "ok", to = "after" }]));
        // The only instance so far: it executes both runs, which then wait for a decision.
        var approving = await WorkflowApi.StartAsync(one, gated);
        var cancelling = await WorkflowApi.StartAsync(one, gated);
        foreach (var id in new[] { approving, cancelling })
        {
            await WorkflowApi.WaitAsync(one, id, r => WorkflowApi.Node(r, "ok").GetProperty("status").GetString() == "waitingForApproval");
        }

        await using var second = await StartInstanceAsync();
        using var two = await SignedInClientAsync(second, Admin, Password);
        var approvedAt = DateTimeOffset.UtcNow;
        using (var approved = await two.PostAsync($"/api/v1/workflow-runs/{approving}/nodes/ok/approve", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, approved.StatusCode);
        }

        var finished = await WorkflowApi.WaitFinishedAsync(one, approving);
        output.WriteLine($"Approval given on the other instance reached the run in {(DateTimeOffset.UtcNow - approvedAt).TotalMilliseconds:0} ms (sync interval 2 s).");
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal("succeeded", WorkflowApi.Node(finished, "after").GetProperty("status").GetString());

        using (var cancelled = await two.PostAsync($"/api/v1/workflow-runs/{cancelling}/cancel", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, cancelled.StatusCode);
        }

        // Three sync intervals later the executing instance must have dropped the run: an approval
        // reaching it now would otherwise be taken by its copy, still waiting, and run "after".
        await Task.Delay(TimeSpan.FromSeconds(6));
        using (var late = await one.PostAsync($"/api/v1/workflow-runs/{cancelling}/nodes/ok/approve", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Conflict, late.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        using var read = await one.GetAsync($"/api/v1/workflow-runs/{cancelling}");
        var run = await ApiAssertions.AssertJsonAsync(read, System.Net.HttpStatusCode.OK);
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal("cancelled", WorkflowApi.Node(run, "ok").GetProperty("status").GetString());
        Assert.Equal("cancelled", WorkflowApi.Node(run, "after").GetProperty("status").GetString());
    }

    [Fact]
    public async Task WorkflowSchedule_TwoInstances_EachCronSlotStartsOneRun()
    {
        await using var first = await StartInstanceAsync();
        await using var second = await StartInstanceAsync();
        using var one = await SignedInClientAsync(first, Admin, Password);
        using var two = await SignedInClientAsync(second, Admin, Password);
        var schedule = new { id = "s", type = "trigger.schedule", config = new { cron = "0/2 * * * * ?", timeZone = "UTC" } };
        var id = await WorkflowApi.CreateAsync(two, WorkflowApi.Workflow(TargetApiTests.UniqueName("cl-schedule"),
            [schedule, WorkflowApi.Delay("d", 0)], [new { from = "s", to = "d" }]));

        // Eight slots with both instances' schedulers live on the same trigger.
        await Task.Delay(TimeSpan.FromSeconds(16));
        using (var disabled = await one.PostAsync($"/api/v1/workflows/{id}/disable", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, disabled.StatusCode);
        }

        using var listed = await one.GetAsync($"/api/v1/workflow-runs?workflowId={id}&limit=500");
        var slots = (await ApiAssertions.AssertJsonAsync(listed, System.Net.HttpStatusCode.OK)).EnumerateArray()
            .Select(r => r.GetProperty("trigger").GetProperty("body").GetProperty("scheduledFor").GetDateTimeOffset())
            .ToList();
        output.WriteLine($"Schedule on two instances: {slots.Count} runs for {slots.Distinct().Count()} cron slots.");
        Assert.True(slots.Count >= 5, $"only {slots.Count} runs in 16 s of a 2 s schedule");
        Assert.Equal(slots.Count, slots.Distinct().Count());
    }

    private string NewProject()
    {
        var project = "wfc" + Guid.NewGuid().ToString("N")[..8];
        _projects.Add(project);
        return project;
    }

    private async Task<AppProcess> StartInstanceAsync()
    {
        var data = Directory.CreateTempSubdirectory("windflow-cluster-").FullName;
        _dataDirectories.Add(data);
        return await AppProcess.StartAsync(_environment, data);
    }


    private static async Task<string> StreamAsync(HttpClient client, string run, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/v1/runs/{run}/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

}
