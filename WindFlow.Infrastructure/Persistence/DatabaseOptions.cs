namespace WindFlow.Infrastructure.Persistence;

/// <summary>Which database WindFlow stores its data in (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Database";

    /// <summary>The provider names accepted by <see cref="Provider"/>.</summary>
    public const string Sqlite = "sqlite", Postgres = "postgres";

    /// <summary><c>sqlite</c> (default, a file in the data directory) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// <c>ConnectionStrings:WindFlow</c>. Required for PostgreSQL; for SQLite it defaults to
    /// <c>{data directory}/windflow.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>True for PostgreSQL.</summary>
    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>Describes the first invalid setting, or returns null when all are valid.</summary>
    public string? Validate()
    {
        if (!string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase) && !IsPostgres)
        {
            return $"Database__Provider is '{Provider}': use 'sqlite' or 'postgres'.";
        }

        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            return "Database__Provider is 'postgres' but ConnectionStrings__WindFlow is not set "
                + "(e.g. 'Host=db;Port=5432;Database=windflow;Username=windflow;Password=...').";
        }

        return null;
    }
}
