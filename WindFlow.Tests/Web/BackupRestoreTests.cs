using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Common;
using WindFlow.Infrastructure.Persistence.Transfer;
using WindFlow.Tests.TestSupport;
using WindFlow.Web.Hosting;
using static WindFlow.Tests.TestSupport.ApiAssertions;
using static WindFlow.Tests.TestSupport.DeploymentApi;

namespace WindFlow.Tests.Web;

/// <summary><c>backup</c> / <c>restore</c> and the scheduled backup job, on the real app and its SQLite database.</summary>
[Trait("Category", "Integration")]
public sealed class BackupRestoreTests : IDisposable
{
    private const string Template = "services:\n  web:\n    image: busybox\n";
    private readonly string _scratch = Directory.CreateTempSubdirectory("windflow-backup-test-").FullName;

    [Fact]
    public async Task Restore_BackupOfRunningAppIntoEmptyDataDirectory_AppStartsWithSameDataAndKeys()
    {
        var archive = Path.Combine(_scratch, "windflow.tar.gz");
        string stackId, secret;
        await using (var original = new WindFlowAppFactory())
        {
            using var client = await original.CreateApiClientAsync();
            stackId = await CreateStackAsync(client, Template, new Dictionary<string, object>());
            secret = original.Services.GetRequiredService<ISecretProtector>().Protect("backup-test", "s3cret");

            // Taken while the app runs: SQLite's online backup API gives a consistent copy.
            var backup = await RunAsync(original.DataDirectory, "backup", "--out", archive);
            Assert.True(backup.Exit == 0, backup.Error);
            Assert.Contains("database/windflow.db", backup.Output, StringComparison.Ordinal);
            Assert.Contains("files/jwt-signing.key", backup.Output, StringComparison.Ordinal);
            await File.WriteAllBytesAsync(Path.Combine(_scratch, "jwt-signing.key"), await File.ReadAllBytesAsync(Path.Combine(original.DataDirectory, "jwt-signing.key")));
        }

        // No bootstrap admin: signing in works only with the restored account.
        await using var restored = new WindFlowAppFactory { AdminUserName = null, AdminPassword = null };
        var restore = await RunAsync(restored.DataDirectory, "restore", "--from", archive);
        Assert.True(restore.Exit == 0, restore.Error);

        using var client2 = await restored.CreateApiClientAsync();
        using var versions = await client2.GetAsync($"/api/v1/stacks/{stackId}/versions");
        Assert.Equal(1, (await AssertJsonAsync(versions, HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal("s3cret", restored.Services.GetRequiredService<ISecretProtector>().Unprotect("backup-test", secret));
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(_scratch, "jwt-signing.key")),
            await File.ReadAllBytesAsync(Path.Combine(restored.DataDirectory, "jwt-signing.key")));
    }

    [Fact]
    public async Task Restore_ExistingDataOrTamperedArchive_RefusesWithTheirCodes()
    {
        var archive = Path.Combine(_scratch, "windflow.tar.gz");
        await using var app = new WindFlowAppFactory();
        using (await app.CreateApiClientAsync())
        {
            Assert.Equal(0, (await RunAsync(app.DataDirectory, "backup", "--out", archive)).Exit);
        }

        var existing = await RunAsync(app.DataDirectory, "restore", "--from", archive);
        Assert.Equal((int)DatabaseToolExit.TargetNotEmpty, existing.Exit);
        Assert.Contains("--force", existing.Error, StringComparison.Ordinal);

        var tampered = Path.Combine(_scratch, "tampered.tar.gz");
        await RepackAsync(archive, tampered, Path.Combine("files", "jwt-signing.key"));
        var empty = Path.Combine(_scratch, "empty");
        var refused = await RunAsync(empty, "restore", "--from", tampered);
        Assert.Equal((int)DatabaseToolExit.VerificationFailed, refused.Exit);
        Assert.False(File.Exists(Path.Combine(empty, "windflow.db")));

        var forced = await RunAsync(empty, "restore", "--from", archive, "--force");
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.True(File.Exists(Path.Combine(empty, "windflow.db")));
    }

    [Fact]
    public async Task BackupJob_ScheduleEverySecond_WritesArchivesAndKeepsTwo()
    {
        var directory = Path.Combine(_scratch, "scheduled");
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        await using (var app = new WindFlowAppFactory
        {
            Settings = new Dictionary<string, string> { ["Backup:Schedule"] = "* * * * * ?", ["Backup:Directory"] = directory, ["Backup:Keep"] = "2" },
        })
        {
            using var client = app.CreateClient();
            using (await client.GetAsync("/api/health"))
            {
            }

            // Keeping two is only put to the test once a third archive was written.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (seen.Count < 3 && DateTime.UtcNow < deadline)
            {
                seen.UnionWith(Archives(directory));
                await Task.Delay(100);
            }
        }

        // Stopped: the scheduler let a running backup finish, pruning included, so nothing moves now.
        // Between writing an archive and pruning, a third one is briefly there; that is not a leak.
        Assert.True(seen.Count >= 3, $"only {seen.Count} archives were written in 60 s");
        var archives = Archives(directory);
        seen.UnionWith(archives);
        Assert.Equal(seen.TakeLast(2), archives);
        Assert.Empty(Directory.EnumerateFiles(directory, "*.partial"));

        var entries = new List<string>();
        await using (var gzip = new GZipStream(File.OpenRead(archives[0]), CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                entries.Add(entry.Name);
            }
        }

        Assert.Contains("manifest.json", entries);
        Assert.Contains("database/windflow.db", entries);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static List<string> Archives(string directory) => Directory.Exists(directory)
        ? Directory.EnumerateFiles(directory, "windflow-*.tar.gz").Order(StringComparer.Ordinal).ToList()
        : [];

    // The same archive with one byte of one file changed and the original manifest.
    private async Task RepackAsync(string archive, string output, string changedEntry)
    {
        var unpacked = Path.Combine(_scratch, "unpacked");
        await using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, Directory.CreateDirectory(unpacked).FullName, overwriteFiles: false);
        }

        var changed = Path.Combine(unpacked, changedEntry);
        var bytes = await File.ReadAllBytesAsync(changed);
        bytes[0] ^= 0xFF;
        await File.WriteAllBytesAsync(changed, bytes);
        await using var outputStream = new GZipStream(File.Create(output), CompressionLevel.Fastest);
        await TarFile.CreateFromDirectoryAsync(unpacked, outputStream, includeBaseDirectory: false);
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(string dataDirectory, params string[] args) =>
        RunAsync(new Dictionary<string, string?>(), dataDirectory, args);

    /// <summary>Runs a maintenance command as <c>dotnet WindFlow.Web.dll</c> would, with <paramref name="settings"/> as extra configuration.</summary>
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(IDictionary<string, string?> settings, string dataDirectory, params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["WINDFLOW_DATA_DIR"] = dataDirectory })
            .Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MaintenanceCommands.RunAsync(args, configuration, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
