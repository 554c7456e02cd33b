using System.Net;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.WorkflowApi;

namespace WindFlow.Tests.Web.Workflows;

/// <summary>A workflow that deploys a real stack, checks it over HTTP and rolls back when the check fails.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WorkflowDeploymentTests(DockerEngine docker) : EngineApiTestBase(docker, "wf")
{
    [Fact]
    public async Task Run_DeployFailsCheck_RollsBackToTheWorkingRevision()
    {
        var port = TestTools.FreePort();
        var stack = await DeploymentApi.CreateCheckedStackAsync(Client, port);
        var (deployment, firstRun) = await DeploymentApi.DeployAsync(Client, stack, Target, TargetApiTests.UniqueName("wfapp"), new Dictionary<string, object> { ["MESSAGE"] = "good" });
        await DeploymentApi.WaitForSuccessAsync(Client, firstRun);
        using var http = new HttpClient();
        var health = $"http://127.0.0.1:{port}/health";
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(health)).StatusCode);

        var workflow = await CreateAsync(Client, Workflow(
            TargetApiTests.UniqueName("pipeline"),
            [
                new { id = "t", type = "trigger.manual", config = new { } },
                new { id = "deploy", type = "action.deploy", config = new { deploymentId = deployment, values = "{\"MESSAGE\": \"{{ trigger.body.message }}\"}" } },
                new { id = "check", type = "action.http", config = new { method = "GET", url = health } },
                new { id = "healthy", type = "logic.condition", config = new { expression = "nodes.check.output.status == 200" } },
                new { id = "done", type = "logic.set", config = new { values = "{\"result\": \"deployed\"}" } },
                new { id = "rollback", type = "action.rollback", config = new { deploymentId = deployment } },
            ],
            [
                new { from = "t", to = "deploy" },
                new { from = "deploy", to = "check" },
                new { from = "check", to = "healthy" },
                new { from = "healthy", to = "done", fromPort = "true" },
                new { from = "healthy", to = "rollback", fromPort = "false" },
            ]));

        var run = await WaitFinishedAsync(Client, await StartAsync(Client, workflow, new { message = "bad" }));

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var deployed = Node(run, "deploy").GetProperty("output");
        Assert.Equal(deployment, deployed.GetProperty("deploymentId").GetString());
        Assert.Equal(2, deployed.GetProperty("revision").GetInt32());
        Assert.Equal(404, Node(run, "check").GetProperty("output").GetProperty("status").GetInt32());
        Assert.Equal("skipped", Node(run, "done").GetProperty("status").GetString());
        Assert.Equal("succeeded", Node(run, "rollback").GetProperty("status").GetString());
        // The rollback really restored the working revision on the engine.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(health)).StatusCode);
        var current = await DeploymentApi.GetDeploymentAsync(Client, deployment);
        Assert.Equal("good", current.GetProperty("values").GetProperty("MESSAGE").GetString());
    }

    [Fact]
    public async Task DeploymentTrigger_StackDeployedOnEngine_StartsRunOnlyForThatStacksDeploy()
    {
        var watched = await DeploymentApi.CreateStackAsync(Client, DeploymentApi.IdleStack, new Dictionary<string, object>());
        var other = await DeploymentApi.CreateStackAsync(Client, DeploymentApi.IdleStack, new Dictionary<string, object>());
        var workflow = await CreateAsync(Client, Workflow(
            TargetApiTests.UniqueName("on-deploy"),
            [
                new { id = "d", type = "trigger.deployment", config = new { stackId = watched, @event = "succeeded" } },
                new { id = "v", type = "logic.set", config = new { values = new { deployed = "{{ trigger.body.deploymentName }}" } } },
            ],
            [new { from = "d", to = "v" }]));

        // The other stack deploys first: the one reader handles finished runs in order, so its turn is
        // over once the watched stack's run has started the workflow.
        var (otherDeployment, otherRun) = await DeploymentApi.DeployAsync(Client, other, Target, TargetApiTests.UniqueName("wfother"), new Dictionary<string, object>());
        await DeploymentApi.WaitForSuccessAsync(Client, otherRun);
        var name = TargetApiTests.UniqueName("wfwatched");
        var (deployment, deployRun) = await DeploymentApi.DeployAsync(Client, watched, Target, name, new Dictionary<string, object>());
        await DeploymentApi.WaitForSuccessAsync(Client, deployRun);

        var started = await WaitForTriggeredRunsAsync(workflow, deployRun);
        Assert.Equal([deployRun], started.Select(TriggeringRun));
        var run = await WaitFinishedAsync(Client, started[0].GetProperty("id").GetString()!);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var body = run.GetProperty("trigger").GetProperty("body");
        Assert.Equal("deployment", run.GetProperty("trigger").GetProperty("type").GetString());
        Assert.Equal("succeeded", body.GetProperty("event").GetString());
        Assert.Equal(deployment, body.GetProperty("deploymentId").GetString());
        Assert.Equal(deployRun, body.GetProperty("runId").GetString());
        Assert.Equal(watched, body.GetProperty("stackId").GetString());
        Assert.Equal("deploy", body.GetProperty("kind").GetString());
        Assert.Equal(name, run.GetProperty("vars").GetProperty("deployed").GetString());

        // Stopping or removing a deployment is not a deployment of the stack: none of these starts the workflow.
        await DeploymentApi.WaitForSuccessAsync(Client, await DeploymentApi.ActAsync(Client, HttpMethod.Post, $"/api/v1/deployments/{deployment}/stop"));
        await DeploymentApi.WaitForSuccessAsync(Client, await DeploymentApi.ActAsync(Client, HttpMethod.Delete, $"/api/v1/deployments/{otherDeployment}"));
        await DeploymentApi.WaitForSuccessAsync(Client, await DeploymentApi.ActAsync(Client, HttpMethod.Delete, $"/api/v1/deployments/{deployment}"));
        // A fresh deploy of the watched stack afterwards marks where the removals' turn ended.
        var (again, againRun) = await DeploymentApi.DeployAsync(Client, watched, Target, TargetApiTests.UniqueName("wfagain"), new Dictionary<string, object>());
        await DeploymentApi.WaitForSuccessAsync(Client, againRun);
        var runs = await WaitForTriggeredRunsAsync(workflow, againRun);
        Assert.Equal([againRun, deployRun], runs.Select(TriggeringRun));
        await DeploymentApi.WaitForSuccessAsync(Client, await DeploymentApi.ActAsync(Client, HttpMethod.Delete, $"/api/v1/deployments/{again}"));
    }

    [Fact]
    public async Task Run_ContainerJobs_OutputExitCodeAndLogsFailOnNonZeroAndLeaveNoContainer()
    {
        var workflow = await CreateAsync(Client, Workflow(
            TargetApiTests.UniqueName("jobs"),
            [
                new { id = "t", type = "trigger.manual", config = new { } },
                new
                {
                    id = "job",
                    type = "action.job",
                    config = new { targetId = Target, image = DockerEngine.TestImage, command = "echo hello $GREETING; echo on-stderr >&2", env = "{\"GREETING\": \"{{ trigger.body.who }}\"}" },
                },
                new { id = "fails", type = "action.job", config = new { targetId = Target, image = DockerEngine.TestImage, command = "echo giving up; exit 3" } },
            ],
            [new { from = "t", to = "job" }, new { from = "job", to = "fails" }]));

        var runId = await StartAsync(Client, workflow, new { who = "world" });
        var run = await WaitFinishedAsync(Client, runId);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        var job = Node(run, "job");
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(0, job.GetProperty("output").GetProperty("exitCode").GetInt32());
        Assert.Contains("hello world", job.GetProperty("output").GetProperty("logs").GetString());
        Assert.Contains("on-stderr", job.GetProperty("output").GetProperty("logs").GetString());
        var fails = Node(run, "fails");
        Assert.Equal("failed", fails.GetProperty("status").GetString());
        Assert.Contains("exited with code 3", fails.GetProperty("error").GetString());
        Assert.Contains(fails.GetProperty("logs").EnumerateArray(), l => l.GetString()!.Contains("giving up", StringComparison.Ordinal));
        // Both job containers were removed once they ended.
        Assert.Equal("", (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=windflow.workflow-run={runId}"])).Trim());
    }

    // The workflow's runs, newest first, once one of them was started by deployment run `runId` (up to 60 s).
    private async Task<List<System.Text.Json.JsonElement>> WaitForTriggeredRunsAsync(string workflowId, string runId)
    {
        var runs = new List<System.Text.Json.JsonElement>();
        await DeploymentApi.WaitUntilAsync(async () =>
        {
            using var response = await Client.GetAsync($"/api/v1/workflow-runs?workflowId={workflowId}");
            runs = (await AssertJsonAsync(response, HttpStatusCode.OK)).EnumerateArray().ToList();
            return runs.Any(r => TriggeringRun(r) == runId);
        });
        return runs;
    }

    private static string? TriggeringRun(System.Text.Json.JsonElement run) =>
        run.GetProperty("trigger").GetProperty("body").GetProperty("runId").GetString();
}
