using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Deployments;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web.Deployments;

/// <summary>A deploy whose image is only in a registry: the deploy path pulls it, reporting progress, and runs it.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DeploymentPullTests(DockerEngine docker, RegistryServer registry) : EngineApiTestBase(docker, "pull"), IClassFixture<RegistryServer>
{
    // Random bytes do not compress: the layer really is this big on the wire, so the engine reports download progress.
    private const int LayerBytes = 3 * 1024 * 1024;

    [Fact]
    public async Task Deploy_ImageOnlyInRegistry_PullsItWithProgressAndRunsThePulledImage()
    {
        var image = $"{registry.Host}/windflow-test/deploy-pull-{Guid.NewGuid().ToString("N")[..12]}:1";
        var imageId = await Docker.BuildImageAsync(
            image,
            $"FROM {DockerEngine.TestImage}\nCOPY payload.bin /payload.bin\n",
            new Dictionary<string, byte[]> { ["payload.bin"] = RandomNumberGenerator.GetBytes(LayerBytes) });
        await Docker.DockerAsync(["push", image]);
        await Docker.DockerAsync(["rmi", image]);
        Assert.Equal("", (await Docker.DockerAsync(["images", "-q", image])).Trim());
        var stack = await CreateStackAsync(Client, $$"""
            services:
              app:
                image: {{image}}
                network_mode: none
                stop_grace_period: 1s
                command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
            """, new { });
        // Progress ticks are published live and never stored: only a listener attached before the run sees them all.
        var live = new ConcurrentQueue<RunEvent>();
        using var subscription = App.Services.GetRequiredService<DeploymentBus>().Subscribe(n =>
        {
            if (n.Event is { } item)
            {
                live.Enqueue(item);
            }
        });
        var name = "wf" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            var (id, run) = await DeployAsync(Client, stack, Target, name, new { });
            await WaitForSuccessAsync(Client, run);

            var runId = Guid.Parse(run);
            var ticks = live.Where(e => e.RunId == runId && e.Sequence == 0 && e.Step == "pulling").ToList();
            Assert.NotEmpty(ticks);
            Assert.All(ticks, t => Assert.Matches($@"^Pulling {System.Text.RegularExpressions.Regex.Escape(image)}: \d+ layer\(s\), \d+%$", t.Message));
            Assert.All(ticks, t => Assert.InRange(t.Progress ?? -1, 0, 40));
            var stored = await EventsTextAsync(Client, run);
            Assert.Contains($"\"message\":\"Pulling {image}\"", stored, StringComparison.Ordinal);
            Assert.Contains($"\"message\":\"Pulled {image}\"", stored, StringComparison.Ordinal);

            var container = Assert.Single(Assert.Single(ContainerIds(await GetDeploymentAsync(Client, id))).Value);
            Assert.Equal(imageId, (await Docker.DockerAsync(["inspect", "--format", "{{.Image}}", container])).Trim());
            Assert.Equal("true", (await Docker.DockerAsync(["inspect", "--format", "{{.State.Running}}", container])).Trim());
        }
        finally
        {
            foreach (var container in (await Docker.DockerAsync(["ps", "-aq", "--filter", $"label=com.docker.compose.project={name}"], throwOnFailure: false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await Docker.RemoveContainerAsync(container);
            }

            await Docker.DockerAsync(["rmi", "-f", image], throwOnFailure: false);
        }
    }
}
