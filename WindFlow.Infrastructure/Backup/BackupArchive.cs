using System.Formats.Tar;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Infrastructure.Persistence.Transfer;

namespace WindFlow.Infrastructure.Backup;

/// <summary>What an archive holds: one entry per file with its SHA-256, written as <c>manifest.json</c>.</summary>
public sealed record BackupManifest(int Format, string WindFlowVersion, string Provider, DateTimeOffset CreatedAt, IReadOnlyList<BackupEntry> Entries);

/// <summary>One file of an archive.</summary>
public sealed record BackupEntry(string Path, long Size, string Sha256);

/// <summary>
/// WindFlow's own data as one <c>.tar.gz</c>: the database, which holds the Data Protection key
/// ring, plus every other file at the top of the data directory (<c>jwt-signing.key</c>, settings).
/// SQLite is copied with its online backup API and PostgreSQL dumped with <c>pg_dump -Fc</c>; both
/// are consistent while WindFlow writes. An archive restores only into the provider it came from
/// (<c>migrate-db</c> moves SQLite data to PostgreSQL).
/// </summary>
/// <param name="database">The database WindFlow runs on.</param>
/// <param name="dataDirectory">WindFlow's data directory.</param>
/// <param name="time">The clock for the manifest.</param>
/// <param name="postgresBinDirectory">Where <c>pg_dump</c>/<c>pg_restore</c> live; null searches PATH.</param>
public sealed class BackupArchive(DatabaseOptions database, string dataDirectory, TimeProvider time, string? postgresBinDirectory = null)
{
    private const string ManifestName = "manifest.json";
    private const string SqliteEntry = "database/windflow.db";
    private const string PostgresEntry = "database/windflow.dump";
    private const string FilePrefix = "files/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes an archive to <paramref name="path"/> and returns its manifest.</summary>
    public async Task<BackupManifest> CreateAsync(string path, CancellationToken cancellationToken)
    {
        var staging = Directory.CreateTempSubdirectory("windflow-backup-");
        try
        {
            var databaseCopy = Path.Combine(staging.FullName, Path.GetFileName(DatabaseEntry));
            await CopyDatabaseAsync(databaseCopy, cancellationToken);
            var sources = new List<(string Entry, string File)> { (DatabaseEntry, databaseCopy) };
            sources.AddRange(DataFiles().Select(f => (FilePrefix + Path.GetFileName(f), f)));

            var entries = new List<BackupEntry>();
            foreach (var (entry, file) in sources)
            {
                entries.Add(new BackupEntry(entry, new FileInfo(file).Length, await HashAsync(file, cancellationToken)));
            }

            var manifest = new BackupManifest(1, Version(), Provider, time.GetUtcNow(), entries);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            // Written under a temporary name first, so a half-written archive never looks like a backup.
            var partial = path + ".partial";
            try
            {
                await using (var output = File.Create(partial))
                await using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
                await using (var tar = new TarWriter(gzip))
                {
                    var manifestFile = Path.Combine(staging.FullName, ManifestName);
                    await File.WriteAllTextAsync(manifestFile, JsonSerializer.Serialize(manifest, Json), cancellationToken);
                    await tar.WriteEntryAsync(manifestFile, ManifestName, cancellationToken);
                    foreach (var (entry, file) in sources)
                    {
                        await tar.WriteEntryAsync(file, entry, cancellationToken);
                    }
                }

                File.Move(partial, path, overwrite: true);
            }
            catch
            {
                // A cancelled or failed backup (shutdown, full disk) leaves nothing behind to fill the disk.
                File.Delete(partial);
                throw;
            }

            return manifest;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    /// <summary>Puts an archive's database and files back into the data directory after checking every checksum.</summary>
    public async Task<BackupManifest> RestoreAsync(string path, bool force, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new DatabaseToolException(DatabaseToolExit.SourceUnavailable, $"No archive at {Path.GetFullPath(path)}.");
        }

        var staging = Directory.CreateTempSubdirectory("windflow-restore-");
        try
        {
            await using (var input = File.OpenRead(path))
            await using (var gzip = new GZipStream(input, CompressionMode.Decompress))
            {
                await TarFile.ExtractToDirectoryAsync(gzip, staging.FullName, overwriteFiles: false, cancellationToken);
            }

            var manifestFile = Path.Combine(staging.FullName, ManifestName);
            var manifest = File.Exists(manifestFile)
                ? JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestFile, cancellationToken), Json)
                : null;
            if (manifest is null || manifest.Entries.All(e => e.Path is not (SqliteEntry or PostgresEntry)))
            {
                throw new DatabaseToolException(DatabaseToolExit.SourceUnavailable, $"{path} is not a WindFlow backup (no manifest or no database).");
            }

            if (!string.Equals(manifest.Provider, Provider, StringComparison.OrdinalIgnoreCase))
            {
                throw new DatabaseToolException(
                    DatabaseToolExit.Usage,
                    $"{path} is a {manifest.Provider} backup but WindFlow is configured for {Provider} (Database__Provider). Restore it with the same provider; migrate-db moves SQLite data to PostgreSQL afterwards.");
            }

            foreach (var entry in manifest.Entries)
            {
                var file = Path.Combine(staging.FullName, entry.Path);
                if (!File.Exists(file) || await HashAsync(file, cancellationToken) != entry.Sha256)
                {
                    throw new DatabaseToolException(DatabaseToolExit.VerificationFailed, $"{entry.Path} in {path} is missing or does not match its checksum; nothing was restored.");
                }
            }

            var existing = manifest.Entries
                .Where(e => e.Path.StartsWith(FilePrefix, StringComparison.Ordinal))
                .Select(e => Path.Combine(dataDirectory, e.Path[FilePrefix.Length..]))
                .Where(File.Exists)
                .ToList();
            if (!database.IsPostgres && File.Exists(DatabaseFile()))
            {
                existing.Insert(0, DatabaseFile());
            }

            if (existing.Count > 0 && !force)
            {
                throw new DatabaseToolException(
                    DatabaseToolExit.TargetNotEmpty,
                    $"WindFlow data already exists ({string.Join(", ", existing)}). Nothing was restored. Stop WindFlow and pass --force to replace it.");
            }

            await RestoreDatabaseAsync(Path.Combine(staging.FullName, DatabaseEntry), force, cancellationToken);
            Directory.CreateDirectory(dataDirectory);
            foreach (var entry in manifest.Entries.Where(e => e.Path.StartsWith(FilePrefix, StringComparison.Ordinal)))
            {
                File.Copy(Path.Combine(staging.FullName, entry.Path), Path.Combine(dataDirectory, entry.Path[FilePrefix.Length..]), overwrite: true);
            }

            return manifest;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private string Provider => database.IsPostgres ? DatabaseOptions.Postgres : DatabaseOptions.Sqlite;

    private string DatabaseEntry => database.IsPostgres ? PostgresEntry : SqliteEntry;

    private async Task CopyDatabaseAsync(string destination, CancellationToken cancellationToken)
    {
        if (database.IsPostgres)
        {
            await new PostgresDump(database.ConnectionString!, postgresBinDirectory).DumpAsync(destination, cancellationToken);
            return;
        }

        var file = DatabaseFile();
        if (!File.Exists(file))
        {
            throw new DatabaseToolException(DatabaseToolExit.SourceUnavailable, $"No SQLite database at {file}. Set WINDFLOW_DATA_DIR as WindFlow runs with.");
        }

        using var source = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ConnectionString);
        source.Open();
        source.BackupDatabase(copy);
    }

    private async Task RestoreDatabaseAsync(string copy, bool force, CancellationToken cancellationToken)
    {
        if (database.IsPostgres)
        {
            await new PostgresDump(database.ConnectionString!, postgresBinDirectory).RestoreAsync(copy, force, cancellationToken);
            return;
        }

        var databaseFile = DatabaseFile();
        Directory.CreateDirectory(Path.GetDirectoryName(databaseFile)!);
        // A stale write-ahead log would be replayed over the restored database.
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
        {
            File.Delete(databaseFile + suffix);
        }

        File.Copy(copy, databaseFile, overwrite: true);
    }

    private string DatabaseFile() => Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);

    // Top-level files only: subdirectories hold things like the backups themselves.
    private IEnumerable<string> DataFiles()
    {
        var databaseFile = database.IsPostgres ? null : DatabaseFile();
        return Directory.Exists(dataDirectory)
            ? Directory.EnumerateFiles(dataDirectory)
                .Where(f => (databaseFile is null || !Path.GetFullPath(f).StartsWith(databaseFile, StringComparison.Ordinal)) && !f.EndsWith(".partial", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
            : [];
    }

    private static async Task<string> HashAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static string Version() =>
        typeof(BackupArchive).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
