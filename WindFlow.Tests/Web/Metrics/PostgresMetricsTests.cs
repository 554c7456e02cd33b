using System.Net.Http.Headers;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Web.Metrics;

/// <summary>On PostgreSQL, connections come from Npgsql's own meter and WindFlow's SQLite counter is not installed.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PostgresMetricsTests(PostgresServer server)
{
    private const string Token = "test-metrics-token-0123456789";

    [Fact]
    public async Task Metrics_PostgresProvider_ExportsNpgsqlConnectionCountNotTheSqliteCounter()
    {
        await using var app = new WindFlowAppFactory
        {
            DatabaseProvider = "postgres",
            ConnectionString = await server.CreateDatabaseAsync(),
            Settings = new Dictionary<string, string> { ["Metrics:BearerToken"] = Token },
        };
        var client = app.CreateClient();
        (await client.GetAsync("/api/ready")).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        response.EnsureSuccessStatusCode();
        Assert.Matches("db_client_connection_count\\{[^}]*db_client_connection_state=\"idle\"[^}]*\\} [0-9]", body);
        Assert.Matches("db_client_connection_count\\{[^}]*db_client_connection_state=\"used\"[^}]*\\} [0-9]", body);
        Assert.DoesNotContain("windflow_db_connections_in_use", body, StringComparison.Ordinal);
    }
}
