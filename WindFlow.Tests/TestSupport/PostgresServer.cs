using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace WindFlow.Tests.TestSupport;

/// <summary>Tests in this collection share one <see cref="PostgresServer"/> and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

/// <summary>
/// A real PostgreSQL 15 server in a temp directory, started once per test run on a free loopback
/// port with durability switched off (the data is thrown away anyway).
/// </summary>
public sealed partial class PostgresServer : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private const int LogLinesKept = 60;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // PostgreSQL refuses to run as root, so as root every server tool runs as the postgres user.
    private readonly bool _asRoot = Environment.UserName == "root";
    private readonly ConcurrentQueue<string> _log = new();
    private string? _rootDirectory;
    private Process? _server;

    public int Port { get; private set; }

    private string RootDirectory => _rootDirectory ?? throw new InvalidOperationException("The PostgreSQL server was not started.");

    private string DataDirectory => Path.Combine(RootDirectory, "data");

    private string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        foreach (var tool in new[] { "initdb", "postgres", "pg_ctl" })
        {
            if (!File.Exists(Tool(tool)))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL 15 is not installed: {Tool(tool)} is missing. `make test` installs postgresql "
                    + "(apt-get install -y postgresql-15) before running the tests; these tests never skip.");
            }
        }

        // Short path: the Unix socket path (<dir>/.s.PGSQL.<port>) must stay under 108 bytes, and the
        // postgres user cannot enter a root-only TMPDIR.
        _rootDirectory = Path.Combine(_asRoot ? "/tmp" : Path.GetTempPath(), "windflow-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_rootDirectory);
        if (_asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _rootDirectory], asPostgres: false);
        }

        await RunAsync(Tool("initdb"), ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres: true);

        Port = TestTools.FreePort();
        _server = new Process
        {
            StartInfo = StartInfo(
                Tool("postgres"),
                [
                    "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", RootDirectory,
                    "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                ],
                asPostgres: true),
        };
        _server.OutputDataReceived += (_, e) => KeepLogLine(e.Data);
        _server.ErrorDataReceived += (_, e) => KeepLogLine(e.Data);
        _server.Start();
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        await WaitUntilAcceptingConnectionsAsync();
    }

    /// <summary>Creates an empty database and returns a connection string for it (trust auth, user postgres).</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain lower-case database name.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = name,
        }.ConnectionString;
    }

    /// <summary>A fresh database with a unique name.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default) =>
        CreateDatabaseAsync("wf_" + Guid.NewGuid().ToString("N"), cancellationToken);

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                await RunAsync(Tool("pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "10"], asPostgres: true, throwOnFailure: false);
            }

            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _server.WaitForExitAsync(timeout.Token);
            _server.Dispose();
        }

        if (_rootDirectory is not null && Directory.Exists(_rootDirectory))
        {
            Directory.Delete(_rootDirectory, recursive: true);
        }
    }

    private static string Tool(string name) => Path.Combine(BinDirectory, name);

    private async Task WaitUntilAcceptingConnectionsAsync()
    {
        var elapsed = Stopwatch.StartNew();
        Exception? lastError = null;
        while (elapsed.Elapsed < StartTimeout)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException($"postgres exited with code {_server.ExitCode} during start-up.{LogTail()}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException ex)
            {
                // Refused while the socket is not listening yet, or "the database system is starting up".
                lastError = ex;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException(
            $"PostgreSQL did not accept connections on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s "
            + $"(last error: {lastError?.Message ?? "none"}).{LogTail()}");
    }

    private string LogTail() => _log.IsEmpty
        ? " The server wrote no log."
        : $"{Environment.NewLine}Server log tail:{Environment.NewLine}{string.Join(Environment.NewLine, _log)}";

    private void KeepLogLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > LogLinesKept)
        {
            _log.TryDequeue(out _);
        }
    }

    private ProcessStartInfo StartInfo(string fileName, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The postgres user must be able to enter the working directory.
            WorkingDirectory = RootDirectory,
        };
        if (asPostgres && _asRoot)
        {
            info.FileName = "runuser";
            foreach (var argument in new[] { "-u", "postgres", "--", fileName })
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres, bool throwOnFailure = true)
    {
        using var process = new Process { StartInfo = StartInfo(fileName, arguments, asPostgres) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0 && throwOnFailure)
        {
            throw new InvalidOperationException(
                $"`{fileName} {string.Join(' ', arguments)}` failed with exit code {process.ExitCode}:{Environment.NewLine}{output}");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
