using System.Net;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web.Deployments;

/// <summary>A project started by docker-compose outside WindFlow, found on the target and adopted as a deployment.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AdoptionTests(DockerEngine docker) : EngineApiTestBase(docker, "adopt")
{
    private const string ComposeFile = IdleStack;

    [Fact]
    public async Task Adopt_ProjectStartedByDockerCompose_KeepsItsContainersAndManagesIt()
    {
        var project = "ad" + Guid.NewGuid().ToString("N")[..10];
        var directory = Directory.CreateTempSubdirectory("windflow-adopt-");
        var file = Path.Combine(directory.FullName, "docker-compose.yml");
        await File.WriteAllTextAsync(file, ComposeFile);
        try
        {
            await Docker.ComposeAsync(["-p", project, "-f", file, "up", "-d"]);
            var before = (await Docker.DockerAsync(["ps", "-q", "--no-trunc", "--filter", $"label=com.docker.compose.project={project}"])).Trim();

            using (var listed = await Client.GetAsync($"/api/v1/targets/{Target}/projects"))
            {
                var found = (await AssertJsonAsync(listed, HttpStatusCode.OK)).EnumerateArray().Single(p => p.GetProperty("name").GetString() == project);
                Assert.Equal("app", found.GetProperty("services")[0].GetString());
                Assert.Equal(1, found.GetProperty("running").GetInt32());
                Assert.Equal(System.Text.Json.JsonValueKind.Null, found.GetProperty("deploymentId").ValueKind);
            }

            var wrongStack = await CreateStackAsync(Client, ComposeFile.Replace("app:", "other:", StringComparison.Ordinal), new Dictionary<string, object>());
            using (var refused = await Client.SendJsonAsync(HttpMethod.Post, "/api/v1/deployments/adopt", new { targetId = Target, project, stackId = wrongStack }))
            {
                var problem = await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
                Assert.Contains("runs app", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            var stack = await CreateStackAsync(Client, ComposeFile, new Dictionary<string, object>());
            using var adopted = await Client.SendJsonAsync(HttpMethod.Post, "/api/v1/deployments/adopt", new { targetId = Target, project, stackId = stack });
            var id = (await AssertJsonAsync(adopted, HttpStatusCode.Created)).GetProperty("deploymentId").GetString()!;

            var deployment = await GetDeploymentAsync(Client, id);
            Assert.Equal("running", deployment.GetProperty("status").GetString());
            Assert.Equal(1, deployment.GetProperty("revision").GetInt32());
            Assert.Equal([before], ContainerIds(deployment)["app"]);

            // Adopting twice is refused; WindFlow now acts on the project like on its own.
            using (var again = await Client.SendJsonAsync(HttpMethod.Post, "/api/v1/deployments/adopt", new { targetId = Target, project, stackId = stack }))
            {
                await AssertProblemAsync(again, HttpStatusCode.Conflict);
            }

            await WaitForSuccessAsync(Client, await ActAsync(Client, HttpMethod.Post, $"/api/v1/deployments/{id}/stop"));
            Assert.Equal("exited", (await Docker.DockerAsync(["inspect", "--format", "{{.State.Status}}", before])).Trim());
            await WaitForSuccessAsync(Client, await ActAsync(Client, HttpMethod.Delete, $"/api/v1/deployments/{id}"));
            Assert.Equal("", (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={project}"])).Trim());
        }
        finally
        {
            await Docker.ComposeAsync(["-p", project, "-f", file, "down", "-t", "1"], throwOnFailure: false);
            directory.Delete(recursive: true);
        }
    }
}
