using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace WindFlow.Infrastructure.Persistence.Transfer;

/// <summary>The result of one table's copy: rows and the checksum both sides agreed on.</summary>
public sealed record TableCopyResult(string Table, long Rows, string Checksum);

/// <summary>
/// Copies WindFlow's SQLite database into PostgreSQL: applies the migrations to the target, copies
/// every EF table in foreign-key order inside one transaction, moves identity sequences past the
/// copied keys, then re-reads both sides and compares row counts and checksums. Quartz's tables are
/// not copied: WindFlow is stopped during the move, and at the next start Quartz creates its tables
/// and RunRecovery schedules every pending or running run again from the Runs table.
/// </summary>
public sealed class SqliteToPostgresMigrator(TextWriter progress)
{
    // PostgreSQL takes at most 65,535 parameters per statement; this stays well below it.
    private const int MaxParametersPerInsert = 30_000;
    private const int MaxRowsPerInsert = 1_000;

    /// <summary>Runs the whole migration; throws <see cref="DatabaseToolException"/> with the reason when it stops.</summary>
    public async Task<IReadOnlyList<TableCopyResult>> MigrateAsync(string sqliteConnectionString, string postgresConnectionString, bool force, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        await using var source = await OpenSourceAsync(sqliteConnectionString, cancellationToken);
        await using var target = await OpenTargetAsync(postgresConnectionString, cancellationToken);
        await using var targetContext = CreatePostgresContext(postgresConnectionString);
        var tables = TransferTable.InDependencyOrder(targetContext);

        var occupied = await OccupiedTablesAsync(target, tables, cancellationToken);
        if (occupied.Count > 0 && !force)
        {
            throw new DatabaseToolException(
                DatabaseToolExit.TargetNotEmpty,
                $"The target database already holds WindFlow data ({string.Join(", ", occupied)}). Nothing was written. "
                + "Pass --force to empty it and copy again.");
        }

        await targetContext.Database.MigrateAsync(cancellationToken);
        await progress.WriteLineAsync($"Target schema is up to date ({targetContext.Database.GetMigrations().Count()} migrations).");

        var copied = new List<TableCopyResult>();
        await using (var transaction = await target.BeginTransactionAsync(cancellationToken))
        {
            if (occupied.Count > 0)
            {
                await EmptyAsync(target, tables, cancellationToken);
                await progress.WriteLineAsync($"Emptied the target (--force): {string.Join(", ", occupied)}.");
            }
            else
            {
                // The migrations seeded these (the Default organisation); the source has its own copy.
                await using var seeded = new NpgsqlCommand(
                    $"TRUNCATE TABLE {string.Join(", ", tables.Where(t => SeededByMigrations.Contains(t.Name)).Select(t => TransferTable.Quote(t.Name)))} CASCADE", target);
                await seeded.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var table in tables)
            {
                var result = await CopyTableAsync(source, target, table, cancellationToken);
                copied.Add(result);
                await progress.WriteLineAsync($"  {table.Name,-22} {result.Rows,9} rows");
            }

            await ResetIdentitySequencesAsync(target, tables, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await VerifyAsync(target, tables, copied, cancellationToken);
        await progress.WriteLineAsync(
            $"Verified {copied.Count} tables, {copied.Sum(c => c.Rows)} rows: counts and checksums match. Took {elapsed.Elapsed.TotalSeconds:0.0} s.");
        return copied;
    }

    /// <summary>A PostgreSQL context for migrations and the model, outside dependency injection.</summary>
    public static PostgresWindFlowDbContext CreatePostgresContext(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresWindFlowDbContext>()
            .UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);

    private static async Task<SqliteConnection> OpenSourceAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!File.Exists(builder.DataSource))
        {
            throw new DatabaseToolException(
                DatabaseToolExit.SourceUnavailable,
                $"No SQLite database at {Path.GetFullPath(builder.DataSource)}. Set WINDFLOW_DATA_DIR (or ConnectionStrings__WindFlow) as WindFlow runs with.");
        }

        builder.Mode = SqliteOpenMode.ReadOnly;
        var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var context = new SqliteWindFlowDbContext(new DbContextOptionsBuilder<SqliteWindFlowDbContext>()
            .UseSqlite(connection)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);
        var applied = await AppliedMigrationsAsync(connection, cancellationToken);
        var missing = context.Database.GetMigrations().Except(applied, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            await connection.DisposeAsync();
            throw new DatabaseToolException(
                DatabaseToolExit.SourceUnavailable,
                $"The SQLite database {builder.DataSource} lacks migrations {string.Join(", ", missing)}: start this WindFlow version on it once "
                + "(it migrates at start-up), stop it, then migrate.");
        }

        return connection;
    }

    private static async Task<HashSet<string>> AppliedMigrationsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
        if (await command.ExecuteScalarAsync(cancellationToken) is null)
        {
            return [];
        }

        command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task<NpgsqlConnection> OpenTargetAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or ArgumentException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw new DatabaseToolException(
                DatabaseToolExit.TargetUnavailable,
                $"Cannot open the target PostgreSQL database ({DatabaseInitializer.Describe(connectionString)}): {ex.GetBaseException().Message.TrimEnd('.')}. Check --connection.",
                ex);
        }
    }

    // Tables a fresh, migrated database already fills: their rows alone are not WindFlow data.
    private static readonly HashSet<string> SeededByMigrations = new(StringComparer.Ordinal) { "Organizations", "Environments" };

    private static async Task<List<string>> OccupiedTablesAsync(NpgsqlConnection target, IReadOnlyList<TransferTable> tables, CancellationToken cancellationToken)
    {
        var occupied = new List<string>();
        foreach (var table in tables.Where(t => !SeededByMigrations.Contains(t.Name)))
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", target) { Parameters = { new NpgsqlParameter { Value = TransferTable.Quote(table.Name) } } };
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                continue;
            }

            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {TransferTable.Quote(table.Name)}", target);
            if (await count.ExecuteScalarAsync(cancellationToken) is long rows and > 0)
            {
                occupied.Add($"{table.Name}: {rows} rows");
            }
        }

        return occupied;
    }

    // Quartz's tables go too: their jobs point at runs of the data being replaced. qrtz_locks keeps
    // its rows, which Quartz needs and which hold nothing of the old data.
    private static async Task EmptyAsync(NpgsqlConnection target, IReadOnlyList<TransferTable> tables, CancellationToken cancellationToken)
    {
        var names = tables.Select(t => TransferTable.Quote(t.Name)).ToList();
        await using (var quartz = new NpgsqlCommand(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'qrtz\\_%' AND tablename <> 'qrtz_locks'", target))
        await using (var reader = await quartz.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(TransferTable.Quote(reader.GetString(0)));
            }
        }

        await using var truncate = new NpgsqlCommand($"TRUNCATE TABLE {string.Join(", ", names)} RESTART IDENTITY CASCADE", target);
        await truncate.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<TableCopyResult> CopyTableAsync(SqliteConnection source, NpgsqlConnection target, TransferTable table, CancellationToken cancellationToken)
    {
        var checksum = new TableChecksum();
        var rowsPerInsert = Math.Clamp(MaxParametersPerInsert / table.Columns.Count, 1, MaxRowsPerInsert);
        var batch = new List<object?[]>(rowsPerInsert);
        await using var select = source.CreateCommand();
        select.CommandText = table.SelectSql;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = Array.ConvertAll(table.ReadRow(reader), TableChecksum.ToStorable);
            checksum.Add(row);
            batch.Add(row);
            if (batch.Count == rowsPerInsert)
            {
                await InsertAsync(target, table, batch, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await InsertAsync(target, table, batch, cancellationToken);
        }

        return new TableCopyResult(table.Name, checksum.Rows, checksum.ToString());
    }

    private static async Task InsertAsync(NpgsqlConnection target, TransferTable table, List<object?[]> rows, CancellationToken cancellationToken)
    {
        // Casts give every value its column's type, including NULLs that would otherwise be text.
        await using var insert = new NpgsqlCommand { Connection = target };
        var values = new List<string>(rows.Count);
        foreach (var row in rows)
        {
            var placeholders = new string[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = row[i] ?? DBNull.Value });
                placeholders[i] = $"CAST(${insert.Parameters.Count} AS {table.StoreTypes[i]})";
            }

            values.Add("(" + string.Join(", ", placeholders) + ")");
        }

        insert.CommandText = $"INSERT INTO {TransferTable.Quote(table.Name)} ({string.Join(", ", table.Columns.Select(TransferTable.Quote))}) VALUES {string.Join(", ", values)}";
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    // Rows arrive with their keys, so identity columns' sequences still start at 1; without this the
    // first new row after the move would collide with a copied one.
    private static async Task ResetIdentitySequencesAsync(NpgsqlConnection target, IReadOnlyList<TransferTable> tables, CancellationToken cancellationToken)
    {
        var identities = new List<(string Table, string Column)>();
        await using (var query = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'", target))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                identities.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (table, column) in identities.Where(i => tables.Any(t => t.Name == i.Table)))
        {
            var quotedTable = TransferTable.Quote(table);
            var quotedColumn = TransferTable.Quote(column);
            await using var reset = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX({quotedColumn}) FROM {quotedTable}), 0) + 1, false)", target)
            {
                Parameters = { new NpgsqlParameter { Value = quotedTable }, new NpgsqlParameter { Value = column } },
            };
            await reset.ExecuteScalarAsync(cancellationToken);
        }
    }

    private async Task VerifyAsync(NpgsqlConnection target, IReadOnlyList<TransferTable> tables, List<TableCopyResult> copied, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var (table, expected) in tables.Zip(copied))
        {
            var checksum = new TableChecksum();
            await using var select = new NpgsqlCommand(table.SelectSql, target);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                checksum.Add(table.ReadRow(reader));
            }

            if (checksum.Rows != expected.Rows || checksum.ToString() != expected.Checksum)
            {
                problems.Add($"{table.Name}: source {expected.Rows} rows {expected.Checksum[..12]}, target {checksum.Rows} rows {checksum.ToString()[..12]}");
            }
        }

        if (problems.Count > 0)
        {
            await progress.WriteLineAsync("Verification failed:");
            throw new DatabaseToolException(
                DatabaseToolExit.VerificationFailed,
                $"The copy does not match the source: {string.Join("; ", problems)}. Keep running on SQLite and report this.");
        }
    }
}
