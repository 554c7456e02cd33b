using Microsoft.Extensions.Options;
using WindFlow.Infrastructure.Backup;
using WindFlow.Infrastructure.Hosting;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure.Backup;

public sealed class BackupRetentionTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("windflow-retention-").FullName;

    [Fact]
    public async Task RunAsync_MoreArchivesThanKeep_KeepsTheNewestByTimeAndLeavesOtherFiles()
    {
        await CreateDatabaseAsync();
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 9, 3, 0, 0, TimeSpan.Zero));
        var backup = Backup(time, keep: 3);
        Directory.CreateDirectory(backup.Directory);
        // Written by hand: a file that is not a scheduled archive must survive retention.
        await File.WriteAllTextAsync(Path.Combine(backup.Directory, "manual-before-upgrade.tar.gz"), "keep me");

        var written = new List<string>();
        for (var day = 0; day < 5; day++)
        {
            written.Add(Path.GetFileName(await backup.RunAsync(CancellationToken.None)));
            time.Advance(TimeSpan.FromDays(1));
        }

        var left = Directory.EnumerateFiles(backup.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["manual-before-upgrade.tar.gz", "windflow-20261211T030000Z.tar.gz", "windflow-20261212T030000Z.tar.gz", "windflow-20261213T030000Z.tar.gz"], left);
        Assert.Equal("windflow-20261209T030000Z.tar.gz", written[0]);
    }

    [Fact]
    public void Prune_FewerArchivesThanKeep_DeletesNothing()
    {
        File.WriteAllText(Path.Combine(_data, "windflow-20260101T000000Z.tar.gz"), "a");

        Assert.Empty(ScheduledBackup.Prune(_data, keep: 2));
        Assert.Single(Directory.EnumerateFiles(_data));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private ScheduledBackup Backup(TimeProvider time, int keep) => new(
        Options.Create(new BackupOptions { Keep = keep }),
        Options.Create(DatabaseOptions.Resolve(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), _data)),
        Options.Create(new DataDirectoryOptions { Path = _data }),
        time);

    private async Task CreateDatabaseAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "windflow.db")};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
        await command.ExecuteNonQueryAsync();
    }
}
