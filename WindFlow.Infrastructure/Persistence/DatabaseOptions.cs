using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Reads <c>Database:*</c> and <c>ConnectionStrings:WindFlow</c>, filling in the SQLite default
    /// under <paramref name="dataDirectory"/>. Persistence and the scheduler's job store both call
    /// it, so they always open the same database.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is invalid.</exception>
    public static DatabaseOptions Resolve(IConfiguration configuration, string dataDirectory)
    {
        var database = new DatabaseOptions();
        configuration.GetSection(SectionName).Bind(database);
        database.ConnectionString = configuration.GetConnectionString("WindFlow") is { Length: > 0 } cs
            ? cs
            : database.IsPostgres ? null : $"Data Source={Path.Combine(dataDirectory, "windflow.db")}";
        if (database.Validate() is { } problem)
        {
            throw new OptionsValidationException(SectionName, typeof(DatabaseOptions), [problem]);
        }

        database.Provider = database.IsPostgres ? Postgres : Sqlite;
        return database;
    }

    /// <summary>The data directory: <c>WINDFLOW_DATA_DIR</c>, or <c>./data</c>.</summary>
    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration["WINDFLOW_DATA_DIR"] is { Length: > 0 } dir ? dir : "data");

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
