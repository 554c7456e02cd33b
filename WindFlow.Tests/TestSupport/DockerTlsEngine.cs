using System.Diagnostics;
using WindFlow.Core.Targets;

namespace WindFlow.Tests.TestSupport;

/// <summary>Tests in this collection share one <see cref="DockerTlsEngine"/>.</summary>
[CollectionDefinition(Name)]
public sealed class DockerTlsCollection : ICollectionFixture<DockerTlsEngine>
{
    public const string Name = "docker-tls";
}

/// <summary>
/// A second, private dockerd listening on tcp://127.0.0.1:port with <c>--tlsverify</c>, plus a
/// throwaway PKI made with the openssl CLI: the CA the daemon trusts, a server certificate for
/// IP:127.0.0.1, a client certificate, and a rogue CA with its own client certificate.
/// </summary>
public sealed class DockerTlsEngine : IAsyncLifetime
{
    private const string InstallHint = "`make test` installs them (apt-get install -y docker.io openssl); these tests never skip.";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private string _root = "";
    private Process? _daemon;

    public int Port { get; private set; }

    /// <summary>The endpoint WindFlow would store for this daemon.</summary>
    public string Endpoint => $"tcp://127.0.0.1:{Port}";

    public string CaPem { get; private set; } = "";

    public string ClientCertPem { get; private set; } = "";

    public string ClientKeyPem { get; private set; } = "";

    public string RogueCaPem { get; private set; } = "";

    public string RogueClientCertPem { get; private set; } = "";

    public string RogueClientKeyPem { get; private set; } = "";

    /// <summary>The credentials the daemon accepts.</summary>
    public EngineCredentials Credentials => EngineCredentials.ForTls(CaPem, ClientCertPem, ClientKeyPem);

    public async Task InitializeAsync()
    {
        foreach (var tool in new[] { "dockerd", "docker", "openssl" })
        {
            if (TestTools.Find(tool) is null)
            {
                throw new InvalidOperationException($"`{tool}` is not installed (not on PATH). {InstallHint}");
            }
        }

        // Short paths: containerd's sockets live under the exec root and must stay under 108 bytes.
        _root = $"/tmp/windflow-tls-{Guid.NewGuid().ToString("N")[..10]}";
        Directory.CreateDirectory(_root);
        await MakePkiAsync();
        await StartDaemonAsync();
    }

    /// <summary>The daemon's unix socket, for setting things up with the docker CLI without TLS.</summary>
    public string SocketEndpoint => "unix://" + Path.Combine(_root, "d.sock");

    /// <summary>Runs the docker CLI against this daemon through its unix socket.</summary>
    public Task<string> DockerAsync(IEnumerable<string> arguments) => TestTools.RunAsync("docker", ["-H", SocketEndpoint, .. arguments]);

    /// <summary>Stops the daemon (SIGTERM, as a host shutdown or upgrade would) without removing its data.</summary>
    public async Task StopDaemonAsync()
    {
        if (_daemon is not null)
        {
            await TestTools.StopAsync(_daemon, TimeSpan.FromSeconds(20));
            _daemon = null;
        }
    }

    /// <summary>Starts the daemon again on the same port, with the same data.</summary>
    public Task RestartDaemonAsync() => StartDaemonAsync();

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            await TestTools.StopAsync(_daemon, TimeSpan.FromSeconds(20));
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A layer still mounted after a hard kill; /tmp is cleaned with the machine.
        }
    }

    private async Task MakePkiAsync()
    {
        var pki = Path.Combine(_root, "pki");
        Directory.CreateDirectory(pki);
        await File.WriteAllTextAsync(
            Path.Combine(pki, "ca.cnf"),
            "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = placeholder\n"
            + "[v3_ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n");
        await File.WriteAllTextAsync(
            Path.Combine(pki, "server.ext"),
            "basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1\n");
        await File.WriteAllTextAsync(
            Path.Combine(pki, "client.ext"),
            "basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = clientAuth\n");

        await MakeCaAsync(pki, "ca", "WindFlow Test CA");
        await MakeCaAsync(pki, "rogue-ca", "Rogue Test CA");
        await MakeLeafAsync(pki, "server", "ca", "127.0.0.1", "server.ext");
        await MakeLeafAsync(pki, "client", "ca", "windflow-client", "client.ext");
        await MakeLeafAsync(pki, "rogue-client", "rogue-ca", "windflow-client", "client.ext");

        CaPem = await File.ReadAllTextAsync(Path.Combine(pki, "ca.pem"));
        ClientCertPem = await File.ReadAllTextAsync(Path.Combine(pki, "client.pem"));
        ClientKeyPem = await File.ReadAllTextAsync(Path.Combine(pki, "client-key.pem"));
        RogueCaPem = await File.ReadAllTextAsync(Path.Combine(pki, "rogue-ca.pem"));
        RogueClientCertPem = await File.ReadAllTextAsync(Path.Combine(pki, "rogue-client.pem"));
        RogueClientKeyPem = await File.ReadAllTextAsync(Path.Combine(pki, "rogue-client-key.pem"));
    }

    private static Task MakeCaAsync(string pki, string name, string commonName) =>
        TestTools.RunAsync(
            "openssl",
            ["req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", $"{name}-key.pem", "-out", $"{name}.pem", "-days", "2", "-config", "ca.cnf", "-extensions", "v3_ca",
             "-subj", "/CN=" + commonName],
            pki);

    private static async Task MakeLeafAsync(string pki, string name, string ca, string commonName, string extensions)
    {
        await TestTools.RunAsync(
            "openssl",
            ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", $"{name}-key.pem", "-out", $"{name}.csr", "-config", "ca.cnf", "-subj", "/CN=" + commonName],
            pki);
        await TestTools.RunAsync(
            "openssl",
            ["x509", "-req", "-in", $"{name}.csr", "-CA", $"{ca}.pem", "-CAkey", $"{ca}-key.pem", "-CAcreateserial",
             "-out", $"{name}.pem", "-days", "2", "-extfile", extensions],
            pki);
    }

    private async Task StartDaemonAsync()
    {
        // A restart keeps the port, so a registered endpoint stays valid.
        Port = Port == 0 ? TestTools.FreePort() : Port;
        var socket = Path.Combine(_root, "d.sock");
        var logPath = Path.Combine(_root, "dockerd.log");
        var pki = Path.Combine(_root, "pki");
        _daemon = TestTools.StartLogged(
            "dockerd",
            [
                "--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false",
                "--data-root", Path.Combine(_root, "data"),
                "--exec-root", Path.Combine(_root, "exec"),
                "--pidfile", Path.Combine(_root, "dockerd.pid"),
                "--tlsverify",
                "--tlscacert", Path.Combine(pki, "ca.pem"),
                "--tlscert", Path.Combine(pki, "server.pem"),
                "--tlskey", Path.Combine(pki, "server-key.pem"),
                // The unix socket lets the fixture see when the daemon is ready without TLS.
                "-H", "unix://" + socket,
                "-H", $"tcp://127.0.0.1:{Port}",
            ],
            logPath);

        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < StartTimeout)
        {
            if (_daemon.HasExited)
            {
                throw new InvalidOperationException($"The TLS dockerd exited with code {_daemon.ExitCode} during start-up.{TestTools.LogTail(logPath, "dockerd")}");
            }

            if (File.Exists(socket) && await TestTools.AcceptsAsync(Port))
            {
                try
                {
                    await TestTools.RunAsync("docker", ["-H", "unix://" + socket, "version"]);
                    return;
                }
                catch (InvalidOperationException)
                {
                    // Listening but still initialising.
                }
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The TLS dockerd did not answer within {StartTimeout.TotalSeconds:0} s.{TestTools.LogTail(logPath, "dockerd")}");
    }
}
