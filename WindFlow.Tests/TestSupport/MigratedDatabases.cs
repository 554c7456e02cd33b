using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Tests.Infrastructure;

namespace WindFlow.Tests.TestSupport;

/// <summary>A fresh database per call, migrated like start-up does, for store tests on both providers.</summary>
public static class MigratedDatabases
{
    /// <summary>A new SQLite file in <paramref name="directory"/>.</summary>
    public static Task<IDbContextFactory<WindFlowDbContext>> SqliteAsync(string directory)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".db") }.ConnectionString;
        return MigrateAsync(new Contexts<SqliteWindFlowDbContext>(SchemaTests.Options<SqliteWindFlowDbContext>(o => o.UseSqlite(connection)), o => new SqliteWindFlowDbContext(o)));
    }

    /// <summary>A new database on the test PostgreSQL server.</summary>
    public static async Task<IDbContextFactory<WindFlowDbContext>> PostgresAsync(PostgresServer server)
    {
        var connection = await server.CreateDatabaseAsync();
        return await MigrateAsync(new Contexts<PostgresWindFlowDbContext>(SchemaTests.Options<PostgresWindFlowDbContext>(o => o.UseNpgsql(connection)), o => new PostgresWindFlowDbContext(o)));
    }

    private static async Task<IDbContextFactory<WindFlowDbContext>> MigrateAsync(IDbContextFactory<WindFlowDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return contexts;
    }

    private sealed class Contexts<T>(DbContextOptions<T> options, Func<DbContextOptions<T>, T> create) : IDbContextFactory<WindFlowDbContext>
        where T : WindFlowDbContext
    {
        public WindFlowDbContext CreateDbContext() => create(options);
    }
}
