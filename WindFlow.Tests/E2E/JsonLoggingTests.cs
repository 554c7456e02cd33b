using System.Net.Http.Headers;
using System.Text.Json;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.E2E;

/// <summary>The published app with <c>Logging__Format=json</c>: what Filebeat would read from its standard output.</summary>
[Trait("Category", "E2E")]
public sealed class JsonLoggingTests
{
    [Fact]
    public async Task JsonFormat_AuthenticatedRequest_EveryLineIsJsonAndTheRequestLineNamesTraceRequestAndUser()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging__Format"] = "json",
            ["WINDFLOW_ADMIN_USER"] = WindFlowAppFactory.DefaultAdminUserName,
            ["WINDFLOW_ADMIN_PASSWORD"] = WindFlowAppFactory.DefaultAdminPassword,
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var tokens = await WindFlowAppFactory.RequestTokensAsync(http);
        // A caller's W3C trace context is continued, so the log line carries the caller's trace id.
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();

        var line = await WaitForLineAsync(app, l => l.TryGetProperty("url.path", out var path) && path.GetString() == "/api/v1/auth/me");

        Assert.Equal("info", line.GetProperty("log.level").GetString());
        Assert.Equal("WindFlow.Web.Hosting.RequestLoggingMiddleware", line.GetProperty("log.logger").GetString());
        Assert.StartsWith("HTTP GET /api/v1/auth/me responded 200 in ", line.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(traceId, line.GetProperty("trace.id").GetString());
        Assert.Matches("^[0-9a-f]{16}$", line.GetProperty("span.id").GetString());
        Assert.False(string.IsNullOrEmpty(line.GetProperty("http.request.id").GetString()));
        Assert.Equal(WindFlowAppFactory.DefaultAdminUserName, line.GetProperty("user.name").GetString());
        Assert.Equal("200", line.GetProperty("labels").GetProperty("StatusCode").GetString());
        var timestamp = DateTimeOffset.Parse(line.GetProperty("@timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - timestamp, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    // The request line is written after the response: poll the output, parsing every line each time.
    private static async Task<JsonElement> WaitForLineAsync(AppProcess app, Func<JsonElement, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            var lines = app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseObject).ToList();
            if (lines.FirstOrDefault(match) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"No matching log line within 10 s:\n{app.Output}");
    }

    private static JsonElement ParseObject(string line)
    {
        try
        {
            var element = JsonDocument.Parse(line).RootElement;
            Assert.Equal(JsonValueKind.Object, element.ValueKind);
            return element;
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"Not a JSON line ({ex.Message}): {line}");
        }
    }
}
