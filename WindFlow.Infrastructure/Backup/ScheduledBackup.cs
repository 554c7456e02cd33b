using System.Globalization;
using Microsoft.Extensions.Options;
using WindFlow.Infrastructure.Hosting;
using WindFlow.Infrastructure.Persistence;

namespace WindFlow.Infrastructure.Backup;

/// <summary>One scheduled backup: an archive named by its UTC time, then only the newest <see cref="BackupOptions.Keep"/> kept.</summary>
public sealed class ScheduledBackup(IOptions<BackupOptions> options, IOptions<DatabaseOptions> database, IOptions<DataDirectoryOptions> dataDirectory, TimeProvider time)
{
    private const string Prefix = "windflow-", Suffix = ".tar.gz";

    /// <summary>The directory archives are written to.</summary>
    public string Directory => options.Value.Directory is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(dataDirectory.Value.Path, "backups");

    /// <summary>Writes an archive and prunes old ones; returns the archive's path.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        // Sortable names: retention compares names, never file times a copy could change.
        var path = Path.Combine(Directory, Prefix + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + Suffix);
        await new BackupArchive(database.Value, dataDirectory.Value.Path, time, options.Value.PostgresBinDirectory).CreateAsync(path, cancellationToken);
        Prune(Directory, options.Value.Keep);
        return path;
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> scheduled archives; other files are left alone.</summary>
    public static IReadOnlyList<string> Prune(string directory, int keep)
    {
        var expired = System.IO.Directory.EnumerateFiles(directory, Prefix + "*" + Suffix)
            .Order(StringComparer.Ordinal)
            .SkipLast(Math.Max(keep, 1))
            .ToList();
        foreach (var file in expired)
        {
            File.Delete(file);
        }

        return expired;
    }
}
