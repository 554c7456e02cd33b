using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static WindFlow.Tests.TestSupport.ApiAssertions;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// The real app listening on a real 127.0.0.1 port (Kestrel), so that workflow nodes can call it
/// over HTTP like they would call any other service.
/// </summary>
public sealed class KestrelWindFlowApp : WindFlowAppFactory
{
    public KestrelWindFlowApp()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
    }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:43121</c>.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}

/// <summary>Helpers for the workflow API.</summary>
public static class WorkflowApi
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    /// <summary>A workflow in the stored format.</summary>
    public static object Workflow(string name, object[] nodes, object[] edges, string? description = null) => new { name, description, nodes, edges };

    /// <summary>A <c>trigger.manual</c> node.</summary>
    public static object Manual(string id) => new { id, type = "trigger.manual", config = new { } };

    /// <summary>An <c>action.http</c> GET node.</summary>
    public static object Http(string id, string url, int? expectedStatus = null) =>
        new { id, type = "action.http", config = new { method = "GET", url, expectedStatus } };

    /// <summary>An <c>action.delay</c> node.</summary>
    public static object Delay(string id, int seconds) => new { id, type = "action.delay", config = new { seconds } };

    /// <summary>Creates a workflow and returns its id.</summary>
    public static async Task<string> CreateAsync(HttpClient client, object workflow)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/workflows", workflow);
        return (await AssertJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>Starts a run and returns its id.</summary>
    public static async Task<string> StartAsync(HttpClient client, string workflowId, object? input = null)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/runs", new { input });
        return (await AssertJsonAsync(response, HttpStatusCode.Accepted)).GetProperty("runId").GetString()!;
    }

    /// <summary>Polls the run until <paramref name="done"/> holds; fails with the last state when it takes too long.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string runId, Func<JsonElement, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + RunTimeout;
        while (true)
        {
            using var response = await client.GetAsync($"/api/v1/workflow-runs/{runId}");
            var run = await AssertJsonAsync(response, HttpStatusCode.OK);
            if (done(run))
            {
                return run;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Run {runId} did not get there in time: {run}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the run finished (succeeded, failed or cancelled).</summary>
    public static Task<JsonElement> WaitFinishedAsync(HttpClient client, string runId) =>
        WaitAsync(client, runId, r => r.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled");

    /// <summary>One node's state in a run response.</summary>
    public static JsonElement Node(JsonElement run, string nodeId) =>
        run.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == nodeId);
}
