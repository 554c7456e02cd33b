using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WindFlow.Core.Common;
using WindFlow.Core.Deployments;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Persistence.Transfer;
using WindFlow.Tests.TestSupport;
using WindFlow.Web.Hosting;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web;

/// <summary><c>migrate-db</c>: a SQLite WindFlow filled through the real app, copied to a real PostgreSQL, served from there.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MigrateDbTests(PostgresServer server)
{
    private const string Purpose = "migrate-db-test";
    private const string Template = "services:\n  web:\n    image: busybox\n    command: [\"sleep\", \"{{seconds}}\"]\n";

    [Fact]
    public async Task MigrateDb_PopulatedSqlite_PostgresAppSignsInDecryptsAndListsEverything()
    {
        var target = await server.CreateDatabaseAsync();
        await using var sqlite = new WindFlowAppFactory();
        var seeded = await SeedAsync(sqlite, runEvents: 2_500);

        var (exit, output, error) = await MigrateAsync(sqlite.DataDirectory, target);

        Assert.True(exit == 0, $"exit {exit}: {error}\n{output}");
        Assert.Contains("RunEvents", output, StringComparison.Ordinal);
        Assert.Contains("counts and checksums match", output, StringComparison.Ordinal);

        // No bootstrap admin on this side: signing in works only with the copied account.
        await using var postgres = new WindFlowAppFactory { DatabaseProvider = "postgres", ConnectionString = target, AdminUserName = null, AdminPassword = null };
        using var client = await postgres.CreateApiClientAsync();
        using var versions = await client.GetAsync($"/api/v1/stacks/{seeded.StackId}/versions");
        Assert.Equal(2, (await AssertJsonAsync(versions, HttpStatusCode.OK)).GetArrayLength());

        var protector = postgres.Services.GetRequiredService<ISecretProtector>();
        var copiedTarget = await postgres.Services.GetRequiredService<ITargetStore>().FindAsync(seeded.TargetId, CancellationToken.None);
        Assert.Equal("ssh-private-key", protector.Unprotect(Purpose, copiedTarget!.ProtectedCredentials!));

        var runs = postgres.Services.GetRequiredService<IRunStore>();
        Assert.Equal(RunStatus.Succeeded, (await runs.FindAsync(seeded.RunId, CancellationToken.None))!.Status);
        Assert.Equal(2_500, (await runs.ListEventsAsync(seeded.RunId, 0, CancellationToken.None)).Count);
        // Identity sequences moved past the copied keys: a new event gets a fresh id.
        await runs.AppendEventsAsync([Event(seeded.RunId, 2_501)], CancellationToken.None);
        Assert.Equal(2_501, await runs.LastSequenceAsync(seeded.RunId, CancellationToken.None));
    }

    [Fact]
    public async Task MigrateDb_NonEmptyTarget_RefusesUnlessForcedThenReplaces()
    {
        var target = await server.CreateDatabaseAsync();
        await using var sqlite = new WindFlowAppFactory();
        await SeedAsync(sqlite, runEvents: 3);
        Assert.Equal(0, (await MigrateAsync(sqlite.DataDirectory, target)).Exit);
        await ExecuteAsync(target, "UPDATE \"Targets\" SET \"Name\" = 'changed on the target'");

        var refused = await MigrateAsync(sqlite.DataDirectory, target);
        Assert.Equal((int)DatabaseToolExit.TargetNotEmpty, refused.Exit);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(target, "SELECT count(*) FROM \"Targets\" WHERE \"Name\" = 'changed on the target'"));

        var forced = await MigrateAsync(sqlite.DataDirectory, target, "--force");
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.Contains("Emptied the target", forced.Output, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(target, "SELECT count(*) FROM \"Targets\" WHERE \"Name\" = 'changed on the target'"));
        Assert.Equal(1L, await ScalarAsync(target, "SELECT count(*) FROM \"AspNetUsers\""));
        Assert.Equal(3L, await ScalarAsync(target, "SELECT count(*) FROM \"RunEvents\""));
    }

    [Fact]
    public async Task MigrateDb_MissingSourceOrUnreachableTarget_ExitsWithTheirCodes()
    {
        var empty = Directory.CreateTempSubdirectory("windflow-nodb-").FullName;
        try
        {
            var target = await server.CreateDatabaseAsync();
            var missing = await MigrateAsync(empty, target);
            Assert.Equal((int)DatabaseToolExit.SourceUnavailable, missing.Exit);
            Assert.Contains("No SQLite database", missing.Error, StringComparison.Ordinal);

            await using var sqlite = new WindFlowAppFactory();
            await SeedAsync(sqlite, runEvents: 1);
            var unreachable = await MigrateAsync(sqlite.DataDirectory, $"Host=127.0.0.1;Port={TestTools.FreePort()};Username=postgres;Password=secret;Timeout=3");
            Assert.Equal((int)DatabaseToolExit.TargetUnavailable, unreachable.Exit);
            Assert.Contains("Cannot open the target", unreachable.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", unreachable.Error, StringComparison.Ordinal);

            var usage = await RunAsync(sqlite.DataDirectory, "migrate-db", "--to", "mysql", "--connection", target);
            Assert.Equal((int)DatabaseToolExit.Usage, usage.Exit);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private sealed record Seeded(string StackId, Guid TargetId, Guid RunId);

    // Users (bootstrap admin), a stack with two versions through the API; a target with encrypted
    // credentials, a deployment, a finished run and its events through the app's own stores.
    private static async Task<Seeded> SeedAsync(WindFlowAppFactory app, int runEvents)
    {
        using var client = await app.CreateApiClientAsync();
        var stackName = TargetApiTests.UniqueName("stack");
        var stackId = await CreateStackAsync(client, Template, new Dictionary<string, object> { ["seconds"] = new { type = "integer", @default = 60 } }, stackName);
        using (var update = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/stacks/{stackId}", new
        {
            name = stackName,
            template = Template.Replace("busybox", "busybox:1", StringComparison.Ordinal),
            variables = new Dictionary<string, object> { ["seconds"] = new { type = "integer", @default = 60 } },
            changeSummary = "pin the tag",
        }))
        {
            await AssertJsonAsync(update, HttpStatusCode.OK);
        }

        var services = app.Services;
        var protector = services.GetRequiredService<ISecretProtector>();
        var now = DateTimeOffset.UtcNow;
        var target = new Target
        {
            Id = Guid.NewGuid(),
            Name = TargetApiTests.UniqueName("target"),
            // Nothing answers here, so the app's status checks fail fast and quietly.
            Endpoint = "unix:///nonexistent/docker.sock",
            ProtectedCredentials = protector.Protect(Purpose, "ssh-private-key"),
            Labels = new Dictionary<string, string> { ["site"] = "lab" },
            CreatedAt = now,
            UpdatedAt = now,
        };
        Assert.True(await services.GetRequiredService<ITargetStore>().AddAsync(target, CancellationToken.None));
        var deployment = new Deployment
        {
            Id = Guid.NewGuid(),
            Name = "web",
            StackId = Guid.Parse(stackId),
            StackVersion = 2,
            TargetId = target.Id,
            ProtectedValues = protector.Protect(Purpose, "{\"seconds\":\"60\"}"),
            Status = DeploymentStatus.Running,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var run = new Run
        {
            Id = Guid.NewGuid(),
            DeploymentId = deployment.Id,
            Kind = RunKind.Deploy,
            Status = RunStatus.Succeeded,
            RequestedBy = WindFlowAppFactory.DefaultAdminUserName,
            CreatedAt = now,
            StartedAt = now,
            FinishedAt = now.AddTicks(1_234_567),
        };
        await services.GetRequiredService<IDeploymentStore>().AddAsync(deployment, run, CancellationToken.None);
        var runs = services.GetRequiredService<IRunStore>();
        await runs.AppendEventsAsync(Enumerable.Range(1, runEvents).Select(n => Event(run.Id, n)).ToList(), CancellationToken.None);
        return new Seeded(stackId, target.Id, run.Id);
    }

    private static RunEvent Event(Guid runId, int sequence) => new()
    {
        RunId = runId,
        Sequence = sequence,
        Time = DateTimeOffset.UtcNow,
        Level = sequence % 10 == 0 ? RunEventLevel.Warning : RunEventLevel.Info,
        Service = sequence % 2 == 0 ? "web" : null,
        Message = $"step {sequence}",
        Progress = sequence % 100,
    };

    private static Task<(int Exit, string Output, string Error)> MigrateAsync(string dataDirectory, string connectionString, params string[] extra) =>
        RunAsync(dataDirectory, ["migrate-db", "--to", "postgres", "--connection", connectionString, .. extra]);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string dataDirectory, params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WINDFLOW_DATA_DIR"] = dataDirectory })
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MaintenanceCommands.RunAsync(args, configuration, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
