using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure;

/// <summary>
/// The migrations are written by hand (the EF design package cannot be restored here), so these
/// tests prove, per provider, that they build exactly the schema the model describes.
/// </summary>
public abstract class SchemaTests
{
    /// <summary>Creates an empty database and returns its connection string.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    protected abstract WindFlowDbContext CreateContext(string connectionString);

    protected abstract Task<IReadOnlyList<string>> DescribeAsync(string connectionString);

    protected abstract Task ExecuteAsync(string connectionString, string sql);

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_BuildsSameSchemaAsModel()
    {
        var migrated = await CreateMigratedDatabaseAsync();
        var fromModel = await CreateEmptyDatabaseAsync();
        await using (var db = CreateContext(fromModel))
        {
            Assert.True(await db.Database.EnsureCreatedAsync());
        }

        var expected = await DescribeAsync(fromModel);
        var actual = await DescribeAsync(migrated);

        Assert.Contains(expected, line => line.StartsWith("table RefreshTokens", StringComparison.Ordinal));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_RecordsEveryMigrationAndLeavesNonePending()
    {
        var connectionString = await CreateMigratedDatabaseAsync();
        await using var db = CreateContext(connectionString);

        var inAssembly = MigrationIdsFor(db.GetType());
        Assert.NotEmpty(inAssembly);
        Assert.Equal(inAssembly, db.Database.GetMigrations().Order(StringComparer.Ordinal));
        Assert.Equal(inAssembly, (await db.Database.GetAppliedMigrationsAsync()).Order(StringComparer.Ordinal));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task MigrateAsync_ToInitialDatabase_RemovesEverySchemaObject()
    {
        var connectionString = await CreateMigratedDatabaseAsync();
        await using (var db = CreateContext(connectionString))
        {
            await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);
        }

        Assert.Empty(await DescribeAsync(connectionString));
    }

    /// <summary>
    /// Proves the comparison is not vacuous: one schema change after migrating must show up as a
    /// differing line that mentions <paramref name="expectedFragment"/>.
    /// </summary>
    protected async Task AssertChangeIsDetectedAsync(string sql, string expectedFragment)
    {
        var baseline = await DescribeAsync(await CreateMigratedDatabaseAsync());
        var changedDatabase = await CreateMigratedDatabaseAsync();
        await ExecuteAsync(changedDatabase, sql);
        var changed = await DescribeAsync(changedDatabase);

        Assert.NotEqual(baseline, changed);
        var differing = baseline.Except(changed).Concat(changed.Except(baseline)).ToList();
        Assert.Contains(differing, line => line.Contains(expectedFragment, StringComparison.Ordinal));
    }

    private async Task<string> CreateMigratedDatabaseAsync()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        await using var db = CreateContext(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    // Every [Migration] class in the infrastructure assembly bound to the given context.
    protected static List<string> MigrationIdsFor(Type contextType) =>
        typeof(WindFlowDbContext).Assembly.GetTypes()
            .Where(t => typeof(Migration).IsAssignableFrom(t) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType)
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id ?? throw new InvalidOperationException($"{t} has no [Migration] id."))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Context options as WindFlow builds them (shared with the store tests).</summary>
    internal static DbContextOptions<T> Options<T>(Action<DbContextOptionsBuilder<T>> useProvider)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        useProvider(builder);
        // As in InfrastructureServiceCollectionExtensions: hand-written migrations have no snapshot.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return builder.Options;
    }
}

public sealed class SqliteSchemaTests : SchemaTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("windflow-schema-").FullName;

    // Each shared migration body must be registered for both providers (Registrations.cs).
    [Fact]
    public void Migrations_BothProviders_RegisterTheSameMigrationIds()
    {
        Assert.Equal(MigrationIdsFor(typeof(SqliteWindFlowDbContext)), MigrationIdsFor(typeof(PostgresWindFlowDbContext)));
    }

    [Theory]
    [InlineData("ALTER TABLE \"RefreshTokens\" ADD COLUMN \"Extra\" TEXT NULL", "RefreshTokens.Extra")]
    [InlineData("DROP INDEX \"IX_RefreshTokens_FamilyId\"", "IX_RefreshTokens_FamilyId")]
    [InlineData("DROP INDEX \"IX_Targets_OrganizationId_Name\"", "IX_Targets_OrganizationId_Name")]
    [InlineData("DROP INDEX \"EmailIndex\"; CREATE UNIQUE INDEX \"EmailIndex\" ON \"AspNetUsers\" (\"NormalizedEmail\")", "EmailIndex unique=yes")]
    [InlineData("DROP INDEX \"IX_RefreshTokens_UserId\"; CREATE INDEX \"IX_RefreshTokens_UserId\" ON \"RefreshTokens\" (\"UserId\", \"FamilyId\")", "columns=(UserId, FamilyId)")]
    [InlineData(
        "DROP TABLE \"DataProtectionKeys\"; CREATE TABLE \"DataProtectionKeys\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK_DataProtectionKeys\" PRIMARY KEY AUTOINCREMENT, \"FriendlyName\" TEXT NULL, \"Xml\" TEXT NULL)",
        "DataProtectionKeys.Xml type=TEXT nullable=yes")]
    [InlineData(
        "DROP TABLE \"DataProtectionKeys\"; CREATE TABLE \"DataProtectionKeys\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK_DataProtectionKeys\" PRIMARY KEY AUTOINCREMENT, \"FriendlyName\" TEXT NULL DEFAULT 'key', \"Xml\" TEXT NOT NULL)",
        "default='key'")]
    [InlineData(
        "DROP TABLE \"DataProtectionKeys\"; CREATE TABLE \"DataProtectionKeys\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK_DataProtectionKeys\" PRIMARY KEY, \"FriendlyName\" TEXT NULL, \"Xml\" TEXT NOT NULL)",
        "table DataProtectionKeys")]
    [InlineData(
        "DROP TABLE \"AspNetUserTokens\"; CREATE TABLE \"AspNetUserTokens\" (\"UserId\" TEXT NOT NULL, \"LoginProvider\" TEXT NOT NULL, \"Name\" TEXT NOT NULL, \"Value\" TEXT NULL, "
            + "CONSTRAINT \"PK_AspNetUserTokens\" PRIMARY KEY (\"UserId\", \"LoginProvider\", \"Name\"), "
            + "CONSTRAINT \"FK_AspNetUserTokens_AspNetUsers_UserId\" FOREIGN KEY (\"UserId\") REFERENCES \"AspNetUsers\" (\"Id\") ON DELETE RESTRICT)",
        "AspNetUserTokens(UserId) -> AspNetUsers(Id) on delete RESTRICT")]
    [InlineData(
        "DROP TABLE \"AspNetUserTokens\"; CREATE TABLE \"AspNetUserTokens\" (\"UserId\" TEXT NOT NULL, \"LoginProvider\" TEXT NOT NULL, \"Name\" TEXT NOT NULL, \"Value\" TEXT NULL, "
            + "CONSTRAINT \"PK_AspNetUserTokens\" PRIMARY KEY (\"UserId\", \"LoginProvider\"), "
            + "CONSTRAINT \"FK_AspNetUserTokens_AspNetUsers_UserId\" FOREIGN KEY (\"UserId\") REFERENCES \"AspNetUsers\" (\"Id\") ON DELETE CASCADE)",
        "primary key AspNetUserTokens")]
    public Task Describe_SchemaChangedAfterMigrate_Differs(string sql, string expectedFragment) =>
        AssertChangeIsDetectedAsync(sql, expectedFragment);

    public void Dispose()
    {
        // Pooled connections keep the files open.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<string> CreateEmptyDatabaseAsync() =>
        Task.FromResult(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db") }.ConnectionString);

    protected override WindFlowDbContext CreateContext(string connectionString) =>
        new SqliteWindFlowDbContext(Options<SqliteWindFlowDbContext>(o => o.UseSqlite(connectionString)));

    protected override Task<IReadOnlyList<string>> DescribeAsync(string connectionString) =>
        SchemaDescriber.DescribeSqliteAsync(connectionString);

    protected override async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PostgresSchemaTests(PostgresServer server) : SchemaTests
{
    [Theory]
    [InlineData("ALTER TABLE \"RefreshTokens\" ADD COLUMN \"Extra\" text NULL", "RefreshTokens.Extra")]
    [InlineData("ALTER TABLE \"AspNetUsers\" ALTER COLUMN \"DisplayName\" TYPE character varying(100)", "AspNetUsers.DisplayName type=character varying udt=varchar maxlength=100")]
    [InlineData("ALTER TABLE \"AspNetUsers\" ALTER COLUMN \"UserName\" TYPE text", "AspNetUsers.UserName type=text")]
    [InlineData("ALTER TABLE \"DataProtectionKeys\" ALTER COLUMN \"FriendlyName\" SET NOT NULL", "DataProtectionKeys.FriendlyName")]
    [InlineData("ALTER TABLE \"AspNetUsers\" ALTER COLUMN \"IsSuperAdmin\" DROP DEFAULT", "AspNetUsers.IsSuperAdmin")]
    [InlineData("ALTER TABLE \"DataProtectionKeys\" ALTER COLUMN \"Id\" SET GENERATED ALWAYS", "identity=YES/ALWAYS")]
    [InlineData(
        "ALTER TABLE \"RefreshTokens\" DROP CONSTRAINT \"FK_RefreshTokens_AspNetUsers_UserId\"; "
            + "ALTER TABLE \"RefreshTokens\" ADD CONSTRAINT \"FK_RefreshTokens_AspNetUsers_UserId\" FOREIGN KEY (\"UserId\") REFERENCES \"AspNetUsers\" (\"Id\") ON DELETE RESTRICT",
        "ON DELETE RESTRICT")]
    [InlineData("DROP INDEX \"IX_RefreshTokens_FamilyId\"", "IX_RefreshTokens_FamilyId")]
    [InlineData("ALTER TABLE \"Targets\" ALTER COLUMN \"Labels\" DROP NOT NULL", "Targets.Labels")]
    [InlineData("DROP INDEX \"EmailIndex\"; CREATE UNIQUE INDEX \"EmailIndex\" ON \"AspNetUsers\" (\"NormalizedEmail\")", "CREATE UNIQUE INDEX \"EmailIndex\"")]
    [InlineData(
        "ALTER TABLE \"AspNetUserTokens\" DROP CONSTRAINT \"PK_AspNetUserTokens\"; "
            + "ALTER TABLE \"AspNetUserTokens\" ADD CONSTRAINT \"PK_AspNetUserTokens\" PRIMARY KEY (\"UserId\", \"LoginProvider\")",
        "PRIMARY KEY (\"UserId\", \"LoginProvider\")")]
    public Task Describe_SchemaChangedAfterMigrate_Differs(string sql, string expectedFragment) =>
        AssertChangeIsDetectedAsync(sql, expectedFragment);

    protected override Task<string> CreateEmptyDatabaseAsync() => server.CreateDatabaseAsync();

    protected override WindFlowDbContext CreateContext(string connectionString) =>
        new PostgresWindFlowDbContext(Options<PostgresWindFlowDbContext>(o => o.UseNpgsql(connectionString)));

    protected override Task<IReadOnlyList<string>> DescribeAsync(string connectionString) =>
        SchemaDescriber.DescribePostgresAsync(connectionString);

    protected override async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
