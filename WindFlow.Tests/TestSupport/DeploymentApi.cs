using System.Net;
using System.Text.Json;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.TestSupport;

/// <summary>Stacks, deployments and runs through the REST API, for integration tests.</summary>
public static class DeploymentApi
{
    /// <summary>One busybox service that idles on the host network and stops at once: a deploy with nothing to wait for.</summary>
    public const string IdleStack = """
        services:
          app:
            image: windflow-test/busybox:latest
            network_mode: host
            stop_grace_period: 1s
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
        """;

    // httpd on the host network serves /health only when MESSAGE is "good": a bad value deploys fine but fails the check.
    private const string CheckedStack = """
        services:
          web:
            image: windflow-test/busybox:latest
            network_mode: host
            stop_grace_period: 1s
            command: ["sh", "-c", "mkdir -p /www && if [ '{{MESSAGE}}' = good ]; then echo ok > /www/health; fi; exec httpd -f -p 127.0.0.1:{{PORT}} -h /www"]
        """;

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Creates a stack and returns its id.</summary>
    public static async Task<string> CreateStackAsync(HttpClient client, string template, object variables, string? name = null)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/stacks", new { name = name ?? Web.TargetApiTests.UniqueName("stack"), template, variables });
        return (await AssertJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Creates a stack whose httpd listens on 127.0.0.1:PORT (<paramref name="port"/> by default) and
    /// answers /health with "ok" only while MESSAGE is "good" (the default); returns its id.
    /// </summary>
    public static Task<string> CreateCheckedStackAsync(HttpClient client, int port, string? name = null) =>
        CreateStackAsync(client, CheckedStack, new Dictionary<string, object>
        {
            ["PORT"] = new { type = "integer", @default = port, min = 1, max = 65535 },
            ["MESSAGE"] = new { type = "string", @default = "good" },
        }, name);

    /// <summary>Deploys and returns (deploymentId, runId) without waiting.</summary>
    public static async Task<(string Deployment, string Run)> DeployAsync(HttpClient client, string stackId, string targetId, string name, object values)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/deployments", new { stackId, targetId, name, values });
        var accepted = await AssertJsonAsync(response, HttpStatusCode.Accepted);
        return (accepted.GetProperty("deploymentId").GetString()!, accepted.GetProperty("runId").GetString()!);
    }

    /// <summary>Waits for a run to finish and returns it; fails the test with the run's events when it takes too long.</summary>
    public static async Task<JsonElement> WaitForRunAsync(HttpClient client, string runId)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            using var response = await client.GetAsync($"/api/v1/runs/{runId}");
            var run = await AssertJsonAsync(response, HttpStatusCode.OK);
            var status = run.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "cancelled")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} still {status} after {RunTimeout}: {run}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits for a run and asserts it succeeded, showing its events when it did not.</summary>
    public static async Task<JsonElement> WaitForSuccessAsync(HttpClient client, string runId)
    {
        var run = await WaitForRunAsync(client, runId);
        if (run.GetProperty("status").GetString() != "succeeded")
        {
            Assert.Fail($"Run {runId} {run.GetProperty("status").GetString()}: {run.GetProperty("error")}\n{await EventsTextAsync(client, runId)}");
        }

        return run;
    }

    /// <summary>The run's stored events as text, for failure messages.</summary>
    public static async Task<string> EventsTextAsync(HttpClient client, string runId)
    {
        using var response = await client.GetAsync($"/api/v1/runs/{runId}/events");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The deployment as the API shows it.</summary>
    public static async Task<JsonElement> GetDeploymentAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/v1/deployments/{id}");
        return await AssertJsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Service name to its container ids, read from the deployment.</summary>
    public static Dictionary<string, List<string>> ContainerIds(JsonElement deployment) =>
        deployment.GetProperty("services").EnumerateArray().ToDictionary(
            s => s.GetProperty("name").GetString()!,
            s => s.GetProperty("containers").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList());

    /// <summary>Sends an action and returns the queued run id.</summary>
    public static async Task<string> ActAsync(HttpClient client, HttpMethod method, string url, object? body = null)
    {
        using var response = await client.SendJsonAsync(method, url, body);
        return (await AssertJsonAsync(response, HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
    }

    /// <summary>A client of a WindFlow process, signed in with an API token.</summary>
    public static async Task<HttpClient> SignedInClientAsync(E2E.AppProcess app, string user, string password)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var tokens = await WindFlowAppFactory.RequestTokensAsync(client, user, password);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms for up to 60 s.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met within 60 s.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Two services: db becomes healthy only after <paramref name="healthyAfterSeconds"/>, and web
    /// waits for it, so a test can interrupt a run while it is visibly in progress.
    /// </summary>
    public static string SlowHealthStack(int healthyAfterSeconds) => $$"""
        services:
          db:
            image: windflow-test/busybox:latest
            network_mode: host
            stop_grace_period: 1s
            command: ["sh", "-c", "trap 'exit 0' TERM; sleep {{healthyAfterSeconds}}; touch /ready; while true; do sleep 1; done"]
            healthcheck:
              test: ["CMD", "test", "-f", "/ready"]
              interval: 1s
              retries: 120
          web:
            image: windflow-test/busybox:latest
            network_mode: host
            stop_grace_period: 1s
            depends_on:
              db:
                condition: service_healthy
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
        """;
}
