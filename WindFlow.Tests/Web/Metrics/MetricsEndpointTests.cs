using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Web.Metrics;

/// <summary>
/// /metrics of the app booted in memory on SQLite. The test server has no peer address, so it is a
/// remote scraper here: these tests go through the bearer token (loopback is covered by the E2E test).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class MetricsEndpointTests
{
    private const string Token = "test-metrics-token-0123456789";

    private static WindFlowAppFactory App(string? token = Token, string? admin = WindFlowAppFactory.DefaultAdminUserName, bool enabled = true) => new()
    {
        AdminUserName = admin,
        Settings = new Dictionary<string, string>
        {
            ["Metrics:Enabled"] = enabled ? "true" : "false",
            ["Metrics:BearerToken"] = token ?? "",
        },
    };

    private static async Task<(HttpStatusCode Status, string Body)> ScrapeAsync(HttpClient client, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_RemoteScraperAndNoTokenConfigured_Forbidden()
    {
        await using var app = App(token: null);

        var (status, body) = await ScrapeAsync(app.CreateClient(), token: "whatever-they-send-here");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Metrics__BearerToken", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_TokenConfigured_RefusesMissingOrWrongTokenWith401()
    {
        await using var app = App();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(client, token: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ScrapeAsync(client, token: Token + "-not")).Status);
        using var response = await client.GetAsync("/metrics");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Metrics_WithToken_ExpositionPassesPromtoolWithRequestHistogramAndWindFlowSeries()
    {
        await using var app = App();
        var client = app.CreateClient();
        (await client.GetAsync("/api/health")).EnsureSuccessStatusCode();
        await client.GetAsync("/api/v1/auth/me");

        var (status, body) = await ScrapeAsync(client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches("http_server_request_duration_seconds_bucket\\{[^}]*http_response_status_code=\"200\",http_route=\"/api/health\"[^}]*le=\"\\+Inf\"\\} 1\n", body);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_response_status_code=\"401\",http_route=\"/api/v1/auth/me\"", body);
        Assert.Contains("windflow_runs_total{kind=\"deploy\",outcome=\"succeeded\"} 0\n", body, StringComparison.Ordinal);
        Assert.Contains("windflow_targets{status=\"online\"} 0\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_process_memory_working_set_bytes gauge\n", body, StringComparison.Ordinal);

        // promtool parses the text exactly as the Prometheus server does, then lints the names:
        // exit 0 (clean) or 3 (lint findings); WindFlow's own names must have no finding.
        var (exitCode, output) = await PrometheusServer.PromtoolAsync(["check", "metrics"], body);
        Assert.True(exitCode is 0 or 3, $"promtool exit {exitCode}: {output}");
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("windflow_", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ContentType_IsTextFormat004()
    {
        await using var app = App();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };

        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Metrics_BeforeFirstAdminExists_IsServedNotRedirectedToSetup()
    {
        await using var app = App(admin: null);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ScrapeAsync(client)).Status);
    }

    [Fact]
    public async Task Metrics_Disabled_NoEndpoint()
    {
        await using var app = App(enabled: false);

        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(app.CreateClient())).Status);
    }

    [Fact]
    public async Task Metrics_SqliteConnectionHeldOpen_CountedInUseUntilClosed()
    {
        await using var app = App();
        var client = app.CreateClient();
        var baseline = await InUseAsync(client, _ => true);

        var contexts = app.Services.GetRequiredService<IDbContextFactory<WindFlowDbContext>>();
        await using (var context = await contexts.CreateDbContextAsync())
        {
            await context.Database.OpenConnectionAsync();
            Assert.True(await InUseAsync(client, v => v >= baseline + 1) >= baseline + 1);
            await context.Database.CloseConnectionAsync();
        }

        Assert.Equal(baseline, await InUseAsync(client, v => v == baseline));
    }

    // Other work (the scrape's own state read) opens connections briefly: poll until the value settles.
    private static async Task<double> InUseAsync(HttpClient client, Func<double, bool> accept)
    {
        double value = double.NaN;
        for (var i = 0; i < 50; i++)
        {
            var (_, body) = await ScrapeAsync(client);
            value = double.Parse(InUse().Match(body).Groups["value"].Value, CultureInfo.InvariantCulture);
            if (accept(value))
            {
                return value;
            }

            await Task.Delay(100);
        }

        return value;
    }

    [GeneratedRegex("^windflow_db_connections_in_use (?<value>\\S+)$", RegexOptions.Multiline)]
    private static partial Regex InUse();
}
