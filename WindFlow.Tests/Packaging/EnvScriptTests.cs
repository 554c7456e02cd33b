using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Packaging;

/// <summary>scripts/gen-env.sh (secrets for docker-compose.yml) and scripts/extensions.sh (enabled extensions).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EnvScriptTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly string[] Secrets =
    [
        "WINDFLOW_ADMIN_PASSWORD", "WINDFLOW_OIDC_CLIENT_SECRET", "POSTGRES_PASSWORD",
        "KEYCLOAK_ADMIN_PASSWORD", "KEYCLOAK_DB_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "WINDFLOW_METRICS_TOKEN",
    ];

    [Fact]
    public async Task GenEnv_FirstRun_WritesLongRandomSecretsInAPrivateFile()
    {
        using var first = await EnvFile.CreateAsync();
        using var second = await EnvFile.CreateAsync();
        var a = first.Read();
        var b = second.Read();

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(first.Path));
        foreach (var name in Secrets)
        {
            Assert.Matches("^[A-Za-z0-9]{32,}$", a[name]);
            Assert.NotEqual(b[name], a[name]);
        }

        Assert.Equal(Secrets.Length, Secrets.Select(name => a[name]).Distinct().Count());
        // Auth__JwtSigningKey: base64 of 32 random bytes, as WindFlow requires.
        Assert.Equal(32, Convert.FromBase64String(a["WINDFLOW_JWT_SIGNING_KEY"]).Length);
        Assert.NotEqual(b["WINDFLOW_JWT_SIGNING_KEY"], a["WINDFLOW_JWT_SIGNING_KEY"]);
    }

    [Fact]
    public async Task GenEnv_MetricsToken_WrittenForPrometheusAndKeptInStepWithEnv()
    {
        using var env = await EnvFile.CreateAsync();
        var directory = Path.Combine(Path.GetDirectoryName(env.Path)!, ".secrets");
        var tokenFile = Path.Combine(directory, "windflow-metrics-token");

        Assert.Equal(env.Read()["WINDFLOW_METRICS_TOKEN"], await File.ReadAllTextAsync(tokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(tokenFile));

        // The operator changes the token in .env: the next run (every compose make target) rewrites the file.
        await File.WriteAllTextAsync(env.Path, (await File.ReadAllTextAsync(env.Path)).Replace(env.Read()["WINDFLOW_METRICS_TOKEN"], "changedByTheOperator", StringComparison.Ordinal));
        await env.GenerateAsync();
        Assert.Equal("changedByTheOperator", await File.ReadAllTextAsync(tokenFile));
    }

    [Fact]
    public async Task GenEnv_SecondRun_ChangesNothing()
    {
        using var env = await EnvFile.CreateAsync();
        var before = await File.ReadAllBytesAsync(env.Path);

        var result = await env.GenerateAsync();

        Assert.Equal(before, await File.ReadAllBytesAsync(env.Path));
        Assert.Equal("", result.Stdout);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(env.Path));
    }

    [Fact]
    public async Task GenEnv_ExistingFile_KeepsItsValuesFillsGapsAndMakesItPrivate()
    {
        using var env = EnvFile.Empty();
        await File.WriteAllTextAsync(env.Path, "# mine\nPOSTGRES_PASSWORD=chosen-by-the-operator\nGRAFANA_ADMIN_PASSWORD=\nWINDFLOW_DOMAIN=windflow.example.org\nMY_SETTING=kept\n");
        File.SetUnixFileMode(env.Path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = await env.GenerateAsync();

        var values = env.Read();
        Assert.Equal("chosen-by-the-operator", values["POSTGRES_PASSWORD"]);
        Assert.Equal("windflow.example.org", values["WINDFLOW_DOMAIN"]);
        Assert.Equal("kept", values["MY_SETTING"]);
        Assert.Matches("^[A-Za-z0-9]{32}$", values["GRAFANA_ADMIN_PASSWORD"]);
        Assert.Matches("^[A-Za-z0-9]{32}$", values["KEYCLOAK_DB_PASSWORD"]);
        Assert.StartsWith("# mine\n", await File.ReadAllTextAsync(env.Path));
        Assert.DoesNotContain("POSTGRES_PASSWORD", result.Stdout);
        Assert.Contains("GRAFANA_ADMIN_PASSWORD", result.Stdout);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(env.Path));
    }

    [Fact]
    public async Task Extensions_EnableWorkers_BringsDatabaseAndClustering()
    {
        using var env = await EnvFile.CreateAsync();

        var output = await env.ExtensionsAsync(["enable", "workers"]);

        var values = env.Read();
        Assert.Contains("enabling database too", output);
        Assert.Equal("database,workers", values["COMPOSE_PROFILES"]);
        Assert.Equal("postgres", values["WINDFLOW_DATABASE_PROVIDER"]);
        Assert.EndsWith($";Password={values["POSTGRES_PASSWORD"]}", values["WINDFLOW_DATABASE_CONNECTION"]);
        Assert.Equal("true", values["WINDFLOW_SCHEDULING_CLUSTERED"]);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(env.Path));
    }

    [Fact]
    public async Task Extensions_EnableAndDisable_RememberTheOthers()
    {
        using var env = await EnvFile.CreateAsync();
        await env.ExtensionsAsync(["enable", "sso"]);
        await env.ExtensionsAsync(["enable", "monitoring"]);
        await env.ExtensionsAsync(["enable", "database"]);

        await env.ExtensionsAsync(["disable", "sso"]);

        Assert.Equal("database,monitoring", env.Read()["COMPOSE_PROFILES"]);
        Assert.Equal("database monitoring", (await env.ExtensionsAsync(["list"])).Trim());
        Assert.Equal("false", env.Read()["WINDFLOW_SSO_ENABLED"]);
    }

    [Fact]
    public async Task Extensions_DisableDatabase_TakesWorkersAlongAndReturnsToSqlite()
    {
        using var env = await EnvFile.CreateAsync();
        await env.ExtensionsAsync(["set", "database", "workers", "monitoring"]);

        var output = await env.ExtensionsAsync(["disable", "database"]);

        var values = env.Read();
        Assert.Contains("disabling workers too", output);
        Assert.Equal("monitoring", values["COMPOSE_PROFILES"]);
        Assert.Equal("sqlite", values["WINDFLOW_DATABASE_PROVIDER"]);
        Assert.Equal("", values["WINDFLOW_DATABASE_CONNECTION"]);
        Assert.Equal("false", values["WINDFLOW_SCHEDULING_CLUSTERED"]);
    }

    [Fact]
    public async Task Extensions_UnknownName_FailsAndLeavesTheFileAlone()
    {
        using var env = await EnvFile.CreateAsync();
        await env.ExtensionsAsync(["enable", "monitoring"]);
        var before = await File.ReadAllBytesAsync(env.Path);

        var result = await env.TryExtensionsAsync(["enable", "sso", "vault"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unknown extension 'vault'", result.Stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(env.Path));
    }

    [Fact]
    public async Task Make_EnableCache_ExplainsWhyNotAndTouchesNothing()
    {
        using var env = EnvFile.Empty();

        var result = await TestTools.RunCapturedAsync("make", ["-s", "--no-print-directory", "enable-cache", $"ENV_FILE={env.Path}"], RepositoryPaths.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("WindFlow has no cache extension", result.Stdout);
        Assert.False(File.Exists(env.Path), "enable-cache must not create or change .env");
    }
}
