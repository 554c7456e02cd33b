using System.Text.Json;
using System.Text.RegularExpressions;
using WindFlow.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Tests.Packaging;

/// <summary>
/// docker-compose.yml as Debian's docker-compose (v1) reads it, for every combination of extensions,
/// with the .env the make targets write (scripts/gen-env.sh + scripts/extensions.sh).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ComposeFileTests : IClassFixture<ComposeFileTests.GeneratedEnv>
{
    private static readonly string[] Extensions = ["database", "sso", "monitoring", "workers"];

    private static readonly Dictionary<string, string[]> ServicesOf = new()
    {
        [""] = ["windflow", "traefik"],
        ["database"] = ["postgres"],
        ["sso"] = ["keycloak", "keycloak-db"],
        ["monitoring"] = ["prometheus", "grafana", "node-exporter"],
        ["workers"] = ["windflow-worker", "postgres"],
    };

    private readonly GeneratedEnv _generated;

    public ComposeFileTests(GeneratedEnv generated) => _generated = generated;

    public static TheoryData<string> Combinations()
    {
        var data = new TheoryData<string>();
        for (var mask = 0; mask < 1 << Extensions.Length; mask++)
        {
            data.Add(string.Join(',', Extensions.Where((_, i) => (mask & (1 << i)) != 0)));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Config_EveryExtensionCombination_IsValidAndWiresWindFlow(string combination)
    {
        var requested = combination.Split(',', StringSplitOptions.RemoveEmptyEntries);
        using var env = EnvFile.CopyOf(_generated.File);
        await env.ExtensionsAsync(["set", .. requested]);
        var values = env.Read();
        // Workers share PostgreSQL, so they bring the database extension along.
        var enabled = requested.Contains("workers") ? requested.Append("database").Distinct().ToArray() : requested;
        Assert.Equal(Extensions.Where(enabled.Contains), values["COMPOSE_PROFILES"].Split(',', StringSplitOptions.RemoveEmptyEntries));

        var result = await ComposeAsync(env.Path, [.. requested.SelectMany(p => new[] { "--profile", p }), "config"]);
        Assert.True(result.ExitCode == 0, $"docker-compose config failed: {result.Stderr}");
        Assert.DoesNotContain("WARNING", result.Stderr);
        var services = Services(result.Stdout);

        // What `--profile` on the command line starts (it takes precedence over COMPOSE_PROFILES): each
        // extension must bring everything its services depend on.
        var active = services.Where(s => IsActive(s.Value, requested)).Select(s => s.Key).ToHashSet();
        var expected = ServicesOf[""].Concat(requested.SelectMany(e => ServicesOf[e])).ToHashSet();
        Assert.Equal(expected.Order(), active.Order());
        foreach (var service in active)
        {
            foreach (var dependency in Children(services[service], "depends_on"))
            {
                Assert.True(active.Contains(dependency), $"{service} depends on {dependency}, which is not enabled with [{combination}]");
            }
        }

        var windflow = EnvironmentOf(services["windflow"]);
        var postgres = enabled.Contains("database");
        Assert.Equal(postgres ? "postgres" : "sqlite", windflow["Database__Provider"]);
        if (postgres)
        {
            Assert.Equal(
                $"Host=postgres;Port=5432;Database=windflow;Username=windflow;Password={values["POSTGRES_PASSWORD"]}",
                windflow["ConnectionStrings__WindFlow"]);
            Assert.Equal(values["POSTGRES_PASSWORD"], EnvironmentOf(services["postgres"])["POSTGRES_PASSWORD"]);
        }
        else
        {
            // Empty: WindFlow falls back to SQLite in its data directory, the /data volume.
            Assert.Equal("", windflow["ConnectionStrings__WindFlow"]);
        }

        Assert.Equal(enabled.Contains("workers") ? "true" : "false", windflow["Scheduling__Clustered"]);
        Assert.Equal(enabled.Contains("sso") ? "true" : "false", windflow["Keycloak__Enabled"]);
        Assert.Equal(values["WINDFLOW_ADMIN_PASSWORD"], windflow["WINDFLOW_ADMIN_PASSWORD"]);
        if (enabled.Contains("workers"))
        {
            var worker = EnvironmentOf(services["windflow-worker"]);
            Assert.Equal("postgres", worker["Database__Provider"]);
            Assert.Equal("true", worker["Scheduling__Clustered"]);
            Assert.Equal(windflow["ConnectionStrings__WindFlow"], worker["ConnectionStrings__WindFlow"]);
            Assert.Equal(windflow["Auth__JwtSigningKey"], worker["Auth__JwtSigningKey"]);
            // Both instances behind one Traefik service, so the proxy balances them (sticky per browser).
            Assert.Equal(Labels(services["windflow"]), Labels(services["windflow-worker"]));
        }

        // Prometheus scrapes from its own container with the token gen-env.sh wrote next to .env.
        Assert.Equal(values["WINDFLOW_METRICS_TOKEN"], windflow["Metrics__BearerToken"]);
        if (enabled.Contains("monitoring"))
        {
            Assert.Contains(
                Sequence(services["prometheus"], "volumes").Select(v => v.ToString()),
                v => v.Contains("/.secrets/windflow-metrics-token:/etc/prometheus/secrets/windflow-metrics-token", StringComparison.Ordinal));
        }

        if (enabled.Contains("sso"))
        {
            AssertRealmPlaceholdersSet(EnvironmentOf(services["keycloak"]));
        }

        foreach (var service in active)
        {
            foreach (var (hostIp, target) in Sequence(services[service], "ports").Select(PortBinding))
            {
                // Only Traefik's web entry point is public; databases, dashboards and Prometheus stay on loopback.
                Assert.True(
                    hostIp == "127.0.0.1" || (service == "traefik" && target == "80"),
                    $"{service} publishes container port {target} beyond loopback");
            }
        }

        foreach (var service in new[] { "windflow", "windflow-worker" }.Where(active.Contains))
        {
            Assert.Equal("true", Scalar(services[service], "read_only"));
            Assert.Equal(["ALL"], Children(services[service], "cap_drop"));
        }
    }

    [Fact]
    public async Task Config_WithoutGeneratedSecrets_FailsNamingTheScript()
    {
        var directory = Directory.CreateTempSubdirectory("windflow-compose-");
        try
        {
            var empty = Path.Combine(directory.FullName, ".env");
            await File.WriteAllTextAsync(empty, "");
            var result = await ComposeAsync(empty, ["config"]);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("scripts/gen-env.sh", result.Stderr);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Every ${NAME} in the realm file is set for Keycloak, which replaces them at import.</summary>
    private static void AssertRealmPlaceholdersSet(IReadOnlyDictionary<string, string> keycloak)
    {
        var realmFile = Path.Combine(RepositoryPaths.Root, "deploy", "keycloak", "windflow-realm.json");
        var text = File.ReadAllText(realmFile);
        using var realm = JsonDocument.Parse(text);
        Assert.Equal("windflow", realm.RootElement.GetProperty("realm").GetString());
        var client = realm.RootElement.GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("clientId").GetString() == "windflow");
        Assert.False(client.GetProperty("publicClient").GetBoolean());
        Assert.Equal("S256", client.GetProperty("attributes").GetProperty("pkce.code.challenge.method").GetString());

        var placeholders = Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(placeholders);
        foreach (var name in placeholders)
        {
            Assert.True(keycloak.TryGetValue(name, out var value) && value.Length > 0, $"the realm file uses ${{{name}}}, which Keycloak's environment does not set");
        }
    }

    private static bool IsActive(YamlNode service, IReadOnlyCollection<string> enabled)
    {
        var profiles = Children(service, "profiles");
        return profiles.Count == 0 || profiles.Any(enabled.Contains);
    }

    private static Task<TestTools.ProcessResult> ComposeAsync(string envFile, IEnumerable<string> arguments) =>
        // A clean environment: a variable set in the test's own environment would override .env.
        TestTools.RunCapturedAsync(
            "docker-compose",
            ["--project-directory", RepositoryPaths.Root, "-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), "--env-file", envFile, .. arguments],
            cleanEnvironment: true);

    private static Dictionary<string, YamlNode> Services(string config)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(config));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlMappingNode)root["services"]).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => e.Value);
    }

    private static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string key) => Child(node, key) as YamlSequenceNode ?? [];

    /// <summary>The names in a list (<c>[a, b]</c>) or the keys of a mapping (<c>depends_on</c> with conditions).</summary>
    private static List<string> Children(YamlNode node, string key) => Child(node, key) switch
    {
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => s.Value!).ToList(),
        YamlMappingNode map => map.Children.Keys.OfType<YamlScalarNode>().Select(s => s.Value!).ToList(),
        _ => [],
    };

    private static Dictionary<string, string> EnvironmentOf(YamlNode service) => Mapping(service, "environment");

    /// <summary>A port entry as v1 prints it: <c>ip:published:target/proto</c> or a mapping with <c>host_ip</c>.</summary>
    private static (string? HostIp, string Target) PortBinding(YamlNode port)
    {
        if (port is YamlScalarNode scalar)
        {
            var parts = scalar.Value!.Split('/')[0].Split(':');
            return (parts.Length == 3 ? parts[0] : null, parts[^1]);
        }

        return (Scalar(port, "host_ip"), Scalar(port, "target")!);
    }

    private static Dictionary<string, string> Labels(YamlNode service) => Mapping(service, "labels");

    private static Dictionary<string, string> Mapping(YamlNode node, string key) =>
        (Child(node, key) as YamlMappingNode)?.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "")
        ?? [];

    /// <summary>One scripts/gen-env.sh run shared by the combinations (each test changes its own copy).</summary>
    public sealed class GeneratedEnv : IAsyncLifetime
    {
        internal EnvFile File { get; private set; } = null!;

        public async Task InitializeAsync() => File = await EnvFile.CreateAsync();

        public Task DisposeAsync()
        {
            File.Dispose();
            return Task.CompletedTask;
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
