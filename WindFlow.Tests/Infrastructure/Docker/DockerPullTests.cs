using System.Security.Cryptography;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure.Docker;

/// <summary>Pulls from a real registry started for this class, fed by <c>docker push</c> from the test engine.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DockerPullTests(DockerEngine docker, RegistryServer registry) : IClassFixture<RegistryServer>, IDisposable
{
    // Random bytes do not compress, so each layer really is this big on the wire and progress has something to count.
    private const int LayerBytes = 3 * 1024 * 1024;

    private readonly DockerEngineClient _client = new(docker.Endpoint);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task PullImageAsync_ImageInRegistry_ReportsPerLayerProgressAndLandsInTheImageList()
    {
        var reference = $"{registry.Host}/windflow-test/pull-{Unique()}:1";
        var pushedId = await PushTwoLayerImageAsync(reference);
        try
        {
            var progress = await ReadAllAsync(_client.PullImageAsync(reference, Ct));

            var pullingFrom = progress[0];
            Assert.StartsWith("Pulling from windflow-test/pull-", pullingFrom.Status, StringComparison.Ordinal);
            Assert.Null(pullingFrom.LayerId);
            // Both COPY layers travel; the busybox layers below them are already on the engine.
            var completed = progress.Where(p => p.Status == "Pull complete").Select(p => p.LayerId).ToList();
            Assert.Equal(2, completed.Distinct().Count());
            Assert.All(completed, layer => Assert.Matches("^[0-9a-f]{12}$", layer));
            Assert.Contains(progress, p => p.Status == "Already exists" && p.LayerId is not null);
            var downloading = progress.Where(p => p.Status == "Downloading").ToList();
            Assert.NotEmpty(downloading);
            Assert.All(downloading, p => Assert.Contains(p.LayerId, completed));
            Assert.Contains(downloading, p => p.Current > 0 && p.Total >= LayerBytes);
            Assert.Contains(progress, p => p.Status.StartsWith("Digest: sha256:", StringComparison.Ordinal) && p.LayerId is null);
            Assert.Equal("Status: Downloaded newer image for " + reference, progress[^1].Status);
            Assert.Null(progress[^1].LayerId);

            var image = Assert.Single(await _client.ListImagesAsync(Ct), i => i.RepoTags.Contains(reference));
            Assert.Equal(pushedId, image.Id);
            Assert.Contains(image.RepoDigests, d => d.StartsWith(reference[..reference.LastIndexOf(':')] + "@sha256:", StringComparison.Ordinal));
        }
        finally
        {
            await docker.DockerAsync(["rmi", "-f", reference], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task PullImageAsync_ByDigest_PullsThatExactImage()
    {
        var reference = $"{registry.Host}/windflow-test/digest-{Unique()}:1";
        var pushedId = await PushTwoLayerImageAsync(reference);
        var repository = reference[..reference.LastIndexOf(':')];
        var pinned = "";
        try
        {
            // The first pull records the registry digest; the second pulls by it alone.
            await ReadAllAsync(_client.PullImageAsync(reference, Ct));
            pinned = Assert.Single(Assert.Single(await _client.ListImagesAsync(Ct), i => i.Id == pushedId).RepoDigests);
            Assert.StartsWith(repository + "@sha256:", pinned, StringComparison.Ordinal);
            await docker.DockerAsync(["rmi", reference]);

            var progress = await ReadAllAsync(_client.PullImageAsync(pinned, Ct));

            Assert.Equal("Status: Downloaded newer image for " + pinned, progress[^1].Status);
            var image = Assert.Single(await _client.ListImagesAsync(Ct), i => i.Id == pushedId);
            Assert.Empty(image.RepoTags);
            Assert.Equal([pinned], image.RepoDigests);
        }
        finally
        {
            await docker.DockerAsync(["rmi", "-f", reference], throwOnFailure: false);
            await docker.DockerAsync(["rmi", "-f", pushedId], throwOnFailure: false);
        }
    }

    [Fact]
    public async Task PullImageAsync_MissingTag_ThrowsNotFoundNamingTheImage()
    {
        var reference = $"{registry.Host}/windflow-test/absent:nope";

        var error = await Assert.ThrowsAsync<EngineException>(() => ReadAllAsync(_client.PullImageAsync(reference, Ct)));

        Assert.Equal(EngineErrorKind.NotFound, error.Kind);
        Assert.Contains(reference, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await _client.ListImagesAsync(Ct), i => i.RepoTags.Contains(reference));
    }

    public void Dispose()
    {
        _client.Dispose();
        _timeout.Dispose();
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    private static async Task<List<PullProgress>> ReadAllAsync(IAsyncEnumerable<PullProgress> progress)
    {
        var result = new List<PullProgress>();
        await foreach (var message in progress)
        {
            result.Add(message);
        }

        return result;
    }

    // Builds an image with two layers of random data on top of the test image, pushes it and
    // removes it locally, so that a pull has to download those two layers again.
    private async Task<string> PushTwoLayerImageAsync(string reference)
    {
        var id = await docker.BuildImageAsync(
            reference,
            $"FROM {DockerEngine.TestImage}\nCOPY first.bin /data/first.bin\nCOPY second.bin /data/second.bin\n",
            new Dictionary<string, byte[]>
            {
                ["first.bin"] = RandomNumberGenerator.GetBytes(LayerBytes),
                ["second.bin"] = RandomNumberGenerator.GetBytes(LayerBytes),
            });
        await docker.DockerAsync(["push", reference]);
        await docker.DockerAsync(["rmi", reference]);
        Assert.DoesNotContain(await _client.ListImagesAsync(Ct), i => i.Id == id);
        return id;
    }
}
