using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Common;
using WindFlow.Infrastructure.Persistence.Transfer;
using WindFlow.Tests.TestSupport;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web;

/// <summary><c>backup</c> / <c>restore</c> when WindFlow runs on a real PostgreSQL server (pg_dump / pg_restore).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PostgresBackupRestoreTests(PostgresServer postgres) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("windflow-pg-backup-test-").FullName;

    [Fact]
    public async Task Restore_BackupOfRunningAppIntoEmptyDatabase_AppStartsWithSameDataAndKeys()
    {
        var archive = Path.Combine(_scratch, "windflow.tar.gz");
        string stackId, secret;
        await using (var original = new WindFlowAppFactory { DatabaseProvider = "postgres", ConnectionString = await postgres.CreateDatabaseAsync() })
        {
            using var client = await original.CreateApiClientAsync();
            stackId = await CreateStackAsync(client, "services:\n  web:\n    image: busybox\n", new Dictionary<string, object>());
            secret = original.Services.GetRequiredService<ISecretProtector>().Protect("backup-test", "s3cret");

            var backup = await BackupRestoreTests.RunAsync(Postgres(original.ConnectionString!), original.DataDirectory, "backup", "--out", archive);
            Assert.True(backup.Exit == 0, backup.Error);
            Assert.Contains("database/windflow.dump", backup.Output, StringComparison.Ordinal);
            Assert.Contains("files/jwt-signing.key", backup.Output, StringComparison.Ordinal);
        }

        // No bootstrap admin: signing in works only with the restored account. The app starts at its first request.
        var emptyDatabase = await postgres.CreateDatabaseAsync();
        await using var restored = new WindFlowAppFactory { AdminUserName = null, AdminPassword = null, DatabaseProvider = "postgres", ConnectionString = emptyDatabase };
        var dataDirectory = restored.DataDirectory;
        var restore = await BackupRestoreTests.RunAsync(Postgres(emptyDatabase), dataDirectory, "restore", "--from", archive);
        Assert.True(restore.Exit == 0, restore.Error);

        // Restoring again finds the tables and refuses unless forced.
        var again = await BackupRestoreTests.RunAsync(Postgres(emptyDatabase), Path.Combine(_scratch, "other"), "restore", "--from", archive);
        Assert.Equal((int)DatabaseToolExit.TargetNotEmpty, again.Exit);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        var forced = await BackupRestoreTests.RunAsync(Postgres(emptyDatabase), dataDirectory, "restore", "--from", archive, "--force");
        Assert.True(forced.Exit == 0, forced.Error);

        using var client2 = await restored.CreateApiClientAsync();
        using var versions = await client2.GetAsync($"/api/v1/stacks/{stackId}/versions");
        Assert.Equal(1, (await AssertJsonAsync(versions, HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal("s3cret", restored.Services.GetRequiredService<ISecretProtector>().Unprotect("backup-test", secret));
    }

    [Fact]
    public async Task Restore_SqliteArchiveIntoPostgres_RefusedNamingBothProviders()
    {
        var archive = Path.Combine(_scratch, "sqlite.tar.gz");
        await using (var app = new WindFlowAppFactory())
        {
            using (await app.CreateApiClientAsync())
            {
            }

            Assert.Equal(0, (await BackupRestoreTests.RunAsync(new Dictionary<string, string?>(), app.DataDirectory, "backup", "--out", archive)).Exit);
        }

        var refused = await BackupRestoreTests.RunAsync(Postgres(await postgres.CreateDatabaseAsync()), Path.Combine(_scratch, "data"), "restore", "--from", archive);
        Assert.Equal((int)DatabaseToolExit.Usage, refused.Exit);
        Assert.Contains("sqlite backup", refused.Error, StringComparison.Ordinal);
        Assert.Contains("postgres", refused.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static Dictionary<string, string?> Postgres(string connectionString) => new()
    {
        ["Database:Provider"] = "postgres",
        ["ConnectionStrings:WindFlow"] = connectionString,
    };
}
