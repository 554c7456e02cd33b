using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WindFlow.Infrastructure.Hosting;

namespace WindFlow.Infrastructure.Persistence;

/// <summary>Applies pending migrations at start-up and turns connection failures into one clear message.</summary>
public sealed partial class DatabaseInitializer(
    IDbContextFactory<WindFlowDbContext> contexts,
    IOptions<DatabaseOptions> options,
    IOptions<DataDirectoryOptions> dataDirectory,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>Brings the schema up to date.</summary>
    /// <exception cref="DatabaseStartupException">The database cannot be reached or migrated.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory.Value.Path);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // On a new database every migration is pending; asking EF would query a history table
            // that does not exist yet and log a failed command on every first start.
            var pending = await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
                ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
                : db.Database.GetMigrations().ToList();
            if (pending.Count > 0)
            {
                await db.Database.MigrateAsync(cancellationToken);
                LogMigrated(logger, pending.Count, string.Join(", ", pending));
            }
        }
        catch (Exception ex) when (ex is DbException or SocketException or TimeoutException or InvalidOperationException)
        {
            var setting = options.Value.IsPostgres ? "ConnectionStrings__WindFlow" : "WINDFLOW_DATA_DIR / ConnectionStrings__WindFlow";
            throw new DatabaseStartupException(
                $"Cannot open the {options.Value.Provider} database ({Describe(options.Value.ConnectionString)}): {Innermost(ex).Message.TrimEnd('.')}. Check {setting}.",
                ex);
        }
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is null ? ex : Innermost(ex.InnerException);

    /// <summary>Shows where WindFlow tried to connect without ever echoing a password.</summary>
    public static string Describe(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return "no connection string";
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var key in builder.Keys.Cast<string>().ToList())
        {
            if (key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase))
            {
                builder[key] = "***";
            }
        }

        return builder.ConnectionString;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} database migration(s): {Migrations}")]
    private static partial void LogMigrated(ILogger logger, int count, string migrations);
}

/// <summary>The database could not be opened or migrated at start-up; the message says why and which setting to check.</summary>
public sealed class DatabaseStartupException(string message, Exception inner) : Exception(message, inner);
