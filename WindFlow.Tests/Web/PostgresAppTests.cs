using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Web;

[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PostgresAppTests(PostgresServer server)
{
    [Fact]
    public async Task Start_PostgresProvider_MigratesIssuesTokensAndIsReady()
    {
        var connectionString = await server.CreateDatabaseAsync();
        await using var app = new WindFlowAppFactory { DatabaseProvider = "postgres", ConnectionString = connectionString };
        using var client = await app.CreateApiClientAsync();

        using var ready = await client.GetAsync("/api/ready");
        using var info = await client.GetAsync("/api/v1/system/info");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = await JsonDocument.ParseAsync(await info.Content.ReadAsStreamAsync());
        Assert.Equal("postgres", body.RootElement.GetProperty("databaseProvider").GetString());
        // The bootstrap admin went to PostgreSQL, not to a SQLite file in the data directory.
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "windflow.db")));
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM \"AspNetUsers\""));
    }

    [Fact]
    public async Task Ready_DatabaseUnavailable_Returns503WhileHealthStays200()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var app = new WindFlowAppFactory { DatabaseProvider = "postgres", ConnectionString = connectionString };
        using var client = app.CreateClient();
        using (var before = await client.GetAsync("/api/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // The app connects as a superuser, whom CONNECTION LIMIT does not stop; ALLOW_CONNECTIONS does.
        await AdminExecuteAsync(connectionString,
            $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false",
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        using var down = await client.GetAsync("/api/ready");
        using var health = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        using var body = await JsonDocument.ParseAsync(await down.Content.ReadAsStreamAsync());
        Assert.Equal("unavailable", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await AdminExecuteAsync(connectionString, $"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        Assert.Equal(HttpStatusCode.OK, await WaitForReadyAsync(client, TimeSpan.FromSeconds(15)));
    }

    private static async Task<HttpStatusCode> WaitForReadyAsync(HttpClient client, TimeSpan timeout)
    {
        // A pooled connection killed above may fail one more check before the pool replaces it.
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/api/ready");
            if (response.StatusCode == HttpStatusCode.OK || elapsed.Elapsed > timeout)
            {
                return response.StatusCode;
            }

            await Task.Delay(200);
        }
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task AdminExecuteAsync(string connectionString, params string[] statements)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
