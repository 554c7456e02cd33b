using System.Net;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

/// <summary>An <c>ssh://</c> target registered and managed through the API, reaching the test engine over a real sshd.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SshTargetApiTests(DockerEngine docker, SshServer ssh) : IClassFixture<SshServer>, IAsyncLifetime
{
    private readonly WindFlowAppFactory _app = new();

    public Task InitializeAsync() => ssh.StartAsync(docker.Endpoint);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SshTarget_TestListStopAndLogs_WorkOverSsh()
    {
        using var client = await _app.CreateApiClientAsync();
        var target = await TargetApiTests.CreateAsync(client, new
        {
            name = TargetApiTests.UniqueName("ssh"),
            endpoint = ssh.Endpoint,
            credentials = new { sshPrivateKey = ssh.ClientKey },
        });
        var id = await docker.RunContainerAsync("echo hello-from-ssh; trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done");

        using (var test = await client.PostAsync($"/api/v1/targets/{target}/test", null))
        {
            Assert.True((await AssertJsonAsync(test, HttpStatusCode.OK)).GetProperty("success").GetBoolean());
        }

        using (var list = await client.GetAsync($"/api/v1/targets/{target}/containers"))
        {
            Assert.Contains((await AssertJsonAsync(list, HttpStatusCode.OK)).EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        }

        using (var logs = await client.GetAsync($"/api/v1/targets/{target}/containers/{id}/logs"))
        {
            Assert.Contains("hello-from-ssh", await logs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var stop = await client.PostAsync($"/api/v1/targets/{target}/containers/{id}/stop", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        }

        Assert.Equal("exited", (await docker.DockerAsync(["inspect", "-f", "{{.State.Status}}", id])).Trim());
        using var get = await client.GetAsync($"/api/v1/targets/{target}");
        var stored = await AssertJsonAsync(get, HttpStatusCode.OK);
        Assert.True(stored.GetProperty("hasCredentials").GetBoolean());
        Assert.DoesNotContain("PRIVATE KEY", stored.GetRawText(), StringComparison.Ordinal);
        await docker.RemoveContainerAsync(id);
    }
}
