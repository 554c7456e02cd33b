namespace WindFlow.Infrastructure.Backup;

/// <summary>Scheduled backups (section <c>Backup</c>).</summary>
public sealed class BackupOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Backup";

    /// <summary>Quartz cron expression (e.g. <c>0 0 3 * * ?</c>, 03:00 every day); unset means no scheduled backups.</summary>
    public string? Schedule { get; set; }

    /// <summary>Where archives go; default <c>{data directory}/backups</c>.</summary>
    public string? Directory { get; set; }

    /// <summary>How many scheduled archives to keep; older ones are deleted after each backup.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>
    /// Where PostgreSQL's <c>pg_dump</c> and <c>pg_restore</c> are (e.g. <c>/usr/lib/postgresql/15/bin</c>);
    /// unset searches PATH. They must be at least the server's major version.
    /// </summary>
    public string? PostgresBinDirectory { get; set; }
}
