using System.Net;
using System.Text.Json;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.Web;

/// <summary>The container endpoints against the real engine of the "docker" collection.</summary>
[Collection(DockerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ContainerApiTests(DockerEngine docker) : EngineApiTestBase(docker, "ctr")
{
    private const string LongRunning = "trap 'exit 0' TERM; while true; do sleep 1 & wait $!; done";

    [Fact]
    public async Task Inspect_SecretLookingVariables_AreMaskedOthersShown()
    {
        var id = await Docker.RunContainerAsync(LongRunning, extraArguments: ["-e", "DB_PASSWORD=s3cret-value", "-e", "GITHUB_TOKEN=ghp_abc", "-e", "MODE=production"]);

        using var response = await Client.GetAsync($"/api/v1/targets/{Target}/containers/{id}");

        var details = await AssertJsonAsync(response, HttpStatusCode.OK);
        var environment = details.GetProperty("environment").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("DB_PASSWORD=••••••", environment);
        Assert.Contains("GITHUB_TOKEN=••••••", environment);
        Assert.Contains("MODE=production", environment);
        Assert.DoesNotContain("s3cret", details.GetRawText(), StringComparison.Ordinal);
        Assert.True(details.GetProperty("state").GetProperty("running").GetBoolean());
        await Docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task Inspect_UnknownContainer_Is404NamingIt()
    {
        using var response = await Client.GetAsync($"/api/v1/targets/{Target}/containers/no-such-container-xyz");

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Not found on the engine", problem.GetProperty("title").GetString());
        Assert.Contains("no-such-container-xyz", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_EachOne_ChangesTheEngineState()
    {
        var id = await Docker.RunContainerAsync(LongRunning);

        await AssertActionAsync(id, "pause", "paused");
        await AssertActionAsync(id, "unpause", "running");
        await AssertActionAsync(id, "stop", "exited");
        await AssertActionAsync(id, "start", "running");
        var startedBefore = await StateFieldAsync(id, "StartedAt");
        await AssertActionAsync(id, "restart", "running");
        Assert.NotEqual(startedBefore, await StateFieldAsync(id, "StartedAt"));
        await AssertActionAsync(id, "kill", "exited");
        Assert.Equal("137", await StateFieldAsync(id, "ExitCode"));
        await Docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task Action_UnknownVerb_Is400ListingTheActions()
    {
        var id = await Docker.RunContainerAsync(LongRunning);

        using var response = await Client.PostAsync($"/api/v1/targets/{Target}/containers/{id}/explode", null);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("start, stop, restart, kill, pause or unpause", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("running", await StateFieldAsync(id, "Status"));
        await Docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task Remove_Running_Is409UntilForcedThenGone()
    {
        var id = await Docker.RunContainerAsync(LongRunning);

        using var refused = await Client.DeleteAsync($"/api/v1/targets/{Target}/containers/{id}");
        var problem = await AssertProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("Refused by the engine", problem.GetProperty("title").GetString());
        Assert.Equal("running", await StateFieldAsync(id, "Status"));

        using var forced = await Client.DeleteAsync($"/api/v1/targets/{Target}/containers/{id}?force=true&volumes=true");
        Assert.Equal(HttpStatusCode.NoContent, forced.StatusCode);
        var (exit, output) = await CliAsync("inspect", id);
        Assert.NotEqual(0, exit);
        Assert.Contains("No such", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Logs_TailAndTimestamps_ReturnsLastLinesAsText()
    {
        // Only stdout: the engine writes stdout and stderr from separate pipes, so their order in the log is not guaranteed.
        var id = await Docker.RunContainerAsync("for i in 1 2 3 4 5 6; do echo line-$i; done; sleep 600");
        await WaitForLogAsync(id, "line-6");

        using var response = await Client.GetAsync($"/api/v1/targets/{Target}/containers/{id}/logs?tail=3&timestamps=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.EndsWith(" line-4", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" line-6", lines[2], StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(lines[0].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out _), lines[0]);
        await Docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task Logs_Follow_StreamsLinesWrittenAfterTheRequest()
    {
        var id = await Docker.RunContainerAsync("sleep 1; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await Client.GetAsync(
            $"/api/v1/targets/{Target}/containers/{id}/logs?follow=true&tail=0", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var received = new List<string>();
        while (received.Count < 3 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            received.Add(line);
        }

        Assert.Equal(3, received.Count);
        Assert.All(received, l => Assert.StartsWith("tick-", l, StringComparison.Ordinal));
        await Docker.RemoveContainerAsync(id);
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("tail=-1", "tail")]
    public async Task Logs_InvalidQuery_Is400NamingTheParameter(string query, string field)
    {
        var id = await Docker.RunContainerAsync(LongRunning);

        using var response = await Client.GetAsync($"/api/v1/targets/{Target}/containers/{id}/logs?{query}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        await Docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task AllContainers_OneTargetDown_ListsTheOthersAndNamesTheFailure()
    {
        var id = await Docker.RunContainerAsync(LongRunning);
        var downName = TargetApiTests.UniqueName("down");
        await TargetApiTests.CreateAsync(Client, new { name = downName, endpoint = $"unix:///tmp/windflow-absent-{Guid.NewGuid():N}.sock" });

        using var response = await Client.GetAsync("/api/v1/containers");

        var all = await AssertJsonAsync(response, HttpStatusCode.OK);
        var row = Assert.Single(all.GetProperty("containers").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        Assert.Equal(Target, row.GetProperty("targetId").GetString());
        Assert.Equal("running", row.GetProperty("state").GetString());
        var failure = Assert.Single(all.GetProperty("failures").EnumerateArray());
        Assert.Equal(downName, failure.GetProperty("targetName").GetString());
        await Docker.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task Stats_BusyContainer_ReportsCpuAndMemory()
    {
        var id = await Docker.RunContainerAsync("while :; do :; done");

        using var response = await Client.GetAsync($"/api/v1/targets/{Target}/containers/{id}/stats");

        var stats = await AssertJsonAsync(response, HttpStatusCode.OK);
        Assert.True(stats.GetProperty("cpuPercent").GetDouble() > 0, stats.GetRawText());
        Assert.True(stats.GetProperty("memoryUsageBytes").GetInt64() > 0, stats.GetRawText());
        Assert.True(stats.GetProperty("memoryLimitBytes").GetInt64() > 0, stats.GetRawText());
        await Docker.RemoveContainerAsync(id);
    }

    private async Task AssertActionAsync(string id, string action, string expectedStatus)
    {
        using var response = await Client.PostAsync($"/api/v1/targets/{Target}/containers/{id}/{action}", null);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(expectedStatus, await StateFieldAsync(id, "Status"));
    }

    private async Task<string> StateFieldAsync(string id, string field) =>
        (await Docker.DockerAsync(["inspect", "-f", $"{{{{.State.{field}}}}}", id])).Trim();

    // The CLI's exit code and both of its outputs, for checks the fixture's helper does not return.
    private async Task<(int Exit, string Output)> CliAsync(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("docker", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.Environment["DOCKER_HOST"] = Docker.Endpoint;
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private async Task WaitForLogAsync(string id, string text)
    {
        for (var i = 0; i < 50; i++)
        {
            if ((await CliAsync("logs", id)).Output.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Container {id} never printed {text}.");
    }
}
