using System.Diagnostics;
using System.Globalization;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// A private image registry (Debian's <c>docker-registry</c>, distribution 2.8) on a free 127.0.0.1
/// port, storing in its own temp directory, so pulls are tested against a real registry without
/// Docker Hub or the system registry service. Engines trust 127.0.0.0/8 registries over plain HTTP
/// by default, so no daemon flag is needed.
/// </summary>
public sealed class RegistryServer : IAsyncLifetime
{
    public const string RegistryPath = "/usr/bin/docker-registry";
    private const string InstallHint = "`make test` installs it (apt-get install -y docker-registry); these tests never skip.";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private string _root = "";
    private Process? _registry;

    public int Port { get; private set; }

    /// <summary>The registry's host part in image references, for example <c>127.0.0.1:40500</c>.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public async Task InitializeAsync()
    {
        if (!File.Exists(RegistryPath))
        {
            throw new InvalidOperationException($"{RegistryPath} (Debian package docker-registry) is not installed. {InstallHint}");
        }

        _root = Path.Combine(Path.GetTempPath(), "windflow-registry-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_root);
        Port = TestTools.FreePort();
        var config = Path.Combine(_root, "config.yml");
        await File.WriteAllTextAsync(
            config,
            $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "data")}
              delete:
                enabled: true
            http:
              addr: {Host}

            """);

        var logPath = Path.Combine(_root, "registry.log");
        _registry = TestTools.StartLogged(RegistryPath, ["serve", config], logPath);
        // No proxy: a proxy configured on the machine must not be asked for a loopback address.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartTimeout)
        {
            if (_registry.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_registry.ExitCode} during start-up.{TestTools.LogTail(logPath, "registry")}");
            }

            // The API root answers 200 once the registry serves; a bare TCP accept would come earlier.
            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Host}/v2/"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"docker-registry did not answer GET /v2/ on {Host} within {StartTimeout.TotalSeconds:0} s.{TestTools.LogTail(logPath, "registry")}");
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await TestTools.StopAsync(_registry, TimeSpan.FromSeconds(5));
        }

        if (_root.Length > 0)
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
