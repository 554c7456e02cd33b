using WindFlow.Infrastructure.Backup;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Infrastructure.Persistence.Transfer;

namespace WindFlow.Web.Hosting;

/// <summary>
/// Commands that work on WindFlow's data instead of serving it (<c>dotnet WindFlow.Web.dll migrate-db|backup|restore ...</c>).
/// They read the same settings as the server, so they find the same database and data directory.
/// </summary>
internal static class MaintenanceCommands
{
    public const string Usage = """
        Usage:
          WindFlow.Web migrate-db --to postgres --connection "<connection string>" [--force]
          WindFlow.Web backup --out <file.tar.gz>
          WindFlow.Web restore --from <file.tar.gz> [--force]
        Stop WindFlow before migrate-db and restore; backup works while it runs. Exit codes: 0 done, 2 usage, 3 source missing, 4 target unreachable,
        5 target not empty (use --force), 6 verification failed, 1 anything else.
        """;

    private static readonly string[] Names = ["migrate-db", "backup", "restore"];

    /// <summary>True when the first argument names a maintenance command rather than server settings.</summary>
    public static bool Matches(string[] args) => args.Length > 0 && Names.Contains(args[0], StringComparer.Ordinal);

    /// <summary>Settings as the server reads them: appsettings.json next to the binary, then environment variables.</summary>
    public static IConfiguration ReadConfiguration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Runs the command named by <paramref name="args"/>[0] and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var options = CommandOptions.Parse(args.Skip(1).ToList());
            return args[0] switch
            {
                "migrate-db" => await MigrateDbAsync(options, configuration, output, cancellationToken),
                "backup" => await BackupAsync(options, configuration, output, cancellationToken),
                "restore" => await RestoreAsync(options, configuration, output, cancellationToken),
                _ => throw new DatabaseToolException(DatabaseToolExit.Usage, $"Unknown command '{args[0]}'."),
            };
        }
        catch (DatabaseToolException ex)
        {
            await error.WriteLineAsync($"{args[0]}: {ex.Message}");
            if (ex.Exit == DatabaseToolExit.Usage)
            {
                await error.WriteLineAsync(Usage);
            }

            return (int)ex.Exit;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync($"{args[0]} failed: {ex.GetBaseException().Message}");
            return (int)DatabaseToolExit.Failed;
        }
    }

    private static async Task<int> MigrateDbAsync(CommandOptions options, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        if (!string.Equals(options.Value("--to"), DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            throw new DatabaseToolException(DatabaseToolExit.Usage, "Only --to postgres is supported.");
        }

        var connection = options.Value("--connection")
            ?? throw new DatabaseToolException(DatabaseToolExit.Usage, "--connection is required (e.g. \"Host=db;Database=windflow;Username=windflow;Password=...\").");
        var source = DatabaseOptions.Resolve(configuration, DatabaseOptions.DataDirectory(configuration));
        if (source.IsPostgres)
        {
            throw new DatabaseToolException(
                DatabaseToolExit.SourceUnavailable,
                "WindFlow is already configured for PostgreSQL (Database__Provider=postgres); the source of migrate-db is its SQLite database.");
        }

        await output.WriteLineAsync($"Copying {source.ConnectionString} to PostgreSQL ({DatabaseInitializer.Describe(connection)}).");
        await new SqliteToPostgresMigrator(output).MigrateAsync(source.ConnectionString!, connection, options.Flag("--force"), cancellationToken);
        await output.WriteLineAsync("Done. Start WindFlow with Database__Provider=postgres and ConnectionStrings__WindFlow set to the target.");
        return (int)DatabaseToolExit.Ok;
    }

    private static async Task<int> BackupAsync(CommandOptions options, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var path = options.Value("--out") ?? throw new DatabaseToolException(DatabaseToolExit.Usage, "--out <file.tar.gz> is required.");
        var manifest = await Archive(configuration).CreateAsync(path, cancellationToken);
        foreach (var entry in manifest.Entries)
        {
            await output.WriteLineAsync($"  {entry.Path,-32} {entry.Size,12} bytes  sha256 {entry.Sha256[..16]}");
        }

        await output.WriteLineAsync($"Wrote {Path.GetFullPath(path)} ({new FileInfo(path).Length} bytes).");
        return (int)DatabaseToolExit.Ok;
    }

    private static async Task<int> RestoreAsync(CommandOptions options, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var path = options.Value("--from") ?? throw new DatabaseToolException(DatabaseToolExit.Usage, "--from <file.tar.gz> is required.");
        var manifest = await Archive(configuration).RestoreAsync(path, options.Flag("--force"), cancellationToken);
        await output.WriteLineAsync(
            $"Restored {manifest.Entries.Count} files from the {manifest.CreatedAt:u} backup (WindFlow {manifest.WindFlowVersion}); checksums verified.");
        return (int)DatabaseToolExit.Ok;
    }

    private static BackupArchive Archive(IConfiguration configuration)
    {
        var dataDirectory = DatabaseOptions.DataDirectory(configuration);
        var postgresBin = configuration[$"{BackupOptions.SectionName}:{nameof(BackupOptions.PostgresBinDirectory)}"];
        return new BackupArchive(DatabaseOptions.Resolve(configuration, dataDirectory), dataDirectory, TimeProvider.System, postgresBin);
    }

    /// <summary><c>--name value</c> pairs and <c>--flag</c> switches.</summary>
    private sealed class CommandOptions
    {
        private static readonly string[] Flags = ["--force"];
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static CommandOptions Parse(IReadOnlyList<string> args)
        {
            var options = new CommandOptions();
            for (var i = 0; i < args.Count; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new DatabaseToolException(DatabaseToolExit.Usage, $"Unexpected argument '{args[i]}'.");
                }

                if (Flags.Contains(args[i]))
                {
                    options._values[args[i]] = null;
                }
                else if (i + 1 < args.Count)
                {
                    options._values[args[i]] = args[++i];
                }
                else
                {
                    throw new DatabaseToolException(DatabaseToolExit.Usage, $"{args[i]} needs a value.");
                }
            }

            return options;
        }

        public string? Value(string name) => _values.GetValueOrDefault(name);

        public bool Flag(string name) => _values.ContainsKey(name);
    }
}
