using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Web;

/// <summary>
/// Start-up failures a user can fix end the real process with exit code 1 and one line naming the
/// setting to check: no stack trace, no secret.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StartupErrorTests : IDisposable
{
    private const string Password = "S3cret-Never-Printed";
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("windflow-startup-").FullName;

    [Fact]
    public async Task Main_PostgresUnreachable_ExitsWithMessageNamingConnectionString()
    {
        var closedPort = TestTools.FreePort();

        var (exitCode, output) = await RunAppAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__WindFlow"] = $"Host=127.0.0.1;Port={closedPort};Database=windflow;Username=windflow;Password={Password};Timeout=3",
        });

        Assert.True(exitCode == 1, $"Exit code {exitCode}; output:\n{output}");
        Assert.Contains("WindFlow cannot start", output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__WindFlow", output, StringComparison.Ordinal);
        Assert.Contains($"Port={closedPort}", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_UnknownDatabaseProvider_ExitsWithMessageNamingProviderSetting()
    {
        var (exitCode, output) = await RunAppAsync(new Dictionary<string, string> { ["Database__Provider"] = "mysql" });

        Assert.True(exitCode == 1, $"Exit code {exitCode}; output:\n{output}");
        Assert.Contains("WindFlow cannot start", output, StringComparison.Ordinal);
        Assert.Contains("Database__Provider", output, StringComparison.Ordinal);
        Assert.Contains("mysql", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_PostgresWithoutConnectionString_ExitsWithMessageNamingConnectionString()
    {
        var (exitCode, output) = await RunAppAsync(new Dictionary<string, string> { ["Database__Provider"] = "postgres" });

        Assert.True(exitCode == 1, $"Exit code {exitCode}; output:\n{output}");
        Assert.Contains("WindFlow cannot start", output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__WindFlow", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", "Database__Provider=postgres")]
    [InlineData("postgres", "Auth__JwtSigningKey")]
    public async Task Main_ClusteredWithoutWhatAClusterNeeds_ExitsWithMessageNamingTheSetting(string provider, string named)
    {
        // The connection string points nowhere: validation must refuse before anything connects.
        var (exitCode, output) = await RunAppAsync(new Dictionary<string, string>
        {
            ["Scheduling__Clustered"] = "true",
            ["Database__Provider"] = provider,
            ["ConnectionStrings__WindFlow"] = provider == "postgres" ? $"Host=127.0.0.1;Port={TestTools.FreePort()};Database=w;Username=w;Password={Password}" : "",
        });

        Assert.True(exitCode == 1, $"Exit code {exitCode}; output:\n{output}");
        Assert.Contains("WindFlow cannot start", output, StringComparison.Ordinal);
        Assert.Contains("Scheduling__Clustered", output, StringComparison.Ordinal);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_UnknownLogFormat_ExitsWithMessageNamingTheSetting()
    {
        var (exitCode, output) = await RunAppAsync(new Dictionary<string, string> { ["Logging__Format"] = "xml" });

        Assert.True(exitCode == 1, $"Exit code {exitCode}; output:\n{output}");
        Assert.Contains("WindFlow cannot start: Logging__Format is 'xml'; use text or json.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_ShortMetricsToken_ExitsWithMessageNamingTheSetting()
    {
        var (exitCode, output) = await RunAppAsync(new Dictionary<string, string> { ["Metrics__BearerToken"] = "Sh0rt-Tok3n" });

        Assert.True(exitCode == 1, $"Exit code {exitCode}; output:\n{output}");
        Assert.Contains("WindFlow cannot start: Metrics__BearerToken must be at least 16 characters", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sh0rt-Tok3n", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output)> RunAppAsync(IReadOnlyDictionary<string, string> environment)
    {
        // The build copies WindFlow.Web.dll (with its deps and runtimeconfig) next to the test assembly.
        var app = Path.Combine(AppContext.BaseDirectory, "WindFlow.Web.dll");
        Assert.True(File.Exists(app), $"{app} is missing.");
        var start = new ProcessStartInfo("dotnet", [app])
        {
            WorkingDirectory = _dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var inherited in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ConnectionStrings__WindFlow", "WINDFLOW_ADMIN_USER", "WINDFLOW_ADMIN_PASSWORD" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["WINDFLOW_DATA_DIR"] = _dataDirectory;
        start.Environment["WINDFLOW_URLS"] = $"http://127.0.0.1:{TestTools.FreePort()}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"WindFlow did not exit within {ExitTimeout.TotalSeconds:0} s:\n{string.Join('\n', output)}");
        }

        // The process has exited; the parameterless wait returns once the redirected streams are drained.
        process.WaitForExit();
        return (process.ExitCode, string.Join('\n', output));
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }
}
