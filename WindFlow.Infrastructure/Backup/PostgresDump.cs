using System.Diagnostics;
using Npgsql;
using WindFlow.Infrastructure.Persistence.Transfer;

namespace WindFlow.Infrastructure.Backup;

/// <summary>
/// Dumps and restores a PostgreSQL database with the server's own tools (<c>pg_dump -Fc</c> /
/// <c>pg_restore</c>): they know every object type and version detail, which a table copy would not.
/// The connection goes through <c>PG*</c> environment variables so the password never shows in a
/// process listing.
/// </summary>
/// <param name="connectionString">WindFlow's Npgsql connection string.</param>
/// <param name="binDirectory">Where <c>pg_dump</c> and <c>pg_restore</c> live; null searches PATH.</param>
internal sealed class PostgresDump(string connectionString, string? binDirectory)
{
    /// <summary>Writes a custom-format dump of the whole database to <paramref name="file"/>.</summary>
    public Task DumpAsync(string file, CancellationToken cancellationToken) =>
        RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", file], cancellationToken);

    /// <summary>Restores <paramref name="file"/>; with <paramref name="replace"/> the dump's objects are dropped first.</summary>
    public async Task RestoreAsync(string file, bool replace, CancellationToken cancellationToken)
    {
        var tables = await CountTablesAsync(cancellationToken);
        if (tables > 0 && !replace)
        {
            throw new DatabaseToolException(
                DatabaseToolExit.TargetNotEmpty,
                $"The PostgreSQL database {Describe()} already holds {tables} tables. Nothing was restored. Stop WindFlow and pass --force to replace them.");
        }

        // One transaction: a failure half-way leaves the database as it was.
        string[] args = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", Builder().Database ?? "postgres"];
        await RunAsync("pg_restore", [.. args, .. (tables > 0 ? new[] { "--clean", "--if-exists" } : []), file], cancellationToken);
    }

    private async Task<long> CountTablesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseToolException(DatabaseToolExit.TargetUnavailable, $"Cannot reach the PostgreSQL database {Describe()}: {e.Message}");
        }
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(binDirectory is null ? tool : Path.Combine(binDirectory, tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var builder = Builder();
        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = builder.Database;
        start.Environment["PGUSER"] = builder.Username;
        start.Environment["PGPASSWORD"] = builder.Password;
        start.Environment["PGSSLMODE"] = builder.SslMode.ToString().ToLowerInvariant() switch
        {
            "verifyca" => "verify-ca",
            "verifyfull" => "verify-full",
            var mode => mode,
        };

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DatabaseToolException(
                DatabaseToolExit.Usage,
                $"{tool} could not be started ({e.Message}). Install the PostgreSQL client tools of the server's major version (Debian: postgresql-client-15) or set Backup__PostgresBinDirectory.");
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await output;
            if (process.ExitCode != 0)
            {
                throw new DatabaseToolException(DatabaseToolExit.Failed, $"{tool} failed on {Describe()} (exit {process.ExitCode}): {(await error).Trim()}");
            }
        }
    }

    private NpgsqlConnectionStringBuilder Builder() => new(connectionString);

    // Host, port and database only: never the password.
    private string Describe()
    {
        var builder = Builder();
        return $"{builder.Database} on {builder.Host}:{builder.Port}";
    }
}
