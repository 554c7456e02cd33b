using System.Security.Cryptography;
using System.Text;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// Base images for building WindFlow's Dockerfile where no registry image can be pulled: a Debian
/// bookworm root filesystem made by mmdebstrap from the host's apt sources and imported into the
/// engine, with the host's own .NET SDK and Node on top (<see cref="Sdk"/>, which also stands in for
/// the Node image) or its .NET runtimes (<see cref="Runtime"/>). The root filesystem takes minutes to
/// make, so its tarball is cached across test runs (<see cref="CacheDirectory"/>).
/// </summary>
public static class LocalBaseImages
{
    public const string Debian = "windflow-test/debian:bookworm";
    public const string Sdk = "windflow-test/dotnet-sdk:local";
    public const string Runtime = "windflow-test/aspnet:local";

    // What Microsoft's runtime-deps images install, plus ICU for the SDK (WindFlow itself runs invariant).
    private static readonly string[] Packages = ["ca-certificates", "libc6", "libgcc-s1", "libicu72", "libssl3", "libstdc++6", "tzdata", "zlib1g"];
    private static readonly TimeSpan BootstrapTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly Dictionary<string, Task> Built = [];
    private static readonly Lock BuiltLock = new();

    /// <summary>Where the root filesystem tarball is kept: $WINDFLOW_TEST_CACHE, else ~/.cache/windflow-tests.</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("WINDFLOW_TEST_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "windflow-tests");

    /// <summary>Builds the three images on <paramref name="engine"/>, once per engine.</summary>
    public static Task EnsureAsync(DockerEngine engine)
    {
        lock (BuiltLock)
        {
            if (!Built.TryGetValue(engine.Endpoint, out var task) || task.IsFaulted || task.IsCanceled)
            {
                task = BuildAsync(engine);
                Built[engine.Endpoint] = task;
            }

            return task;
        }
    }

    private static async Task BuildAsync(DockerEngine engine)
    {
        var rootfs = await EnsureRootFilesystemAsync();
        await engine.DockerAsync(["import", rootfs, Debian], timeout: BuildTimeout);

        var dotnetRoot = Path.GetDirectoryName(Resolve("dotnet"))!;
        var node = Resolve("node");
        // npm lives next to the node that runs it: <prefix>/bin/node, <prefix>/lib/node_modules/npm.
        var npm = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(node)!)!, "lib", "node_modules", "npm");
        const string caBundle = "/etc/ssl/certs/ca-certificates.crt";
        foreach (var path in new[] { Path.Combine(dotnetRoot, "sdk"), Path.Combine(npm, "bin", "npm-cli.js"), caBundle })
        {
            if (!Path.Exists(path))
            {
                throw new InvalidOperationException($"{path} is missing: the SDK base image copies the host's .NET SDK, Node with npm and CA bundle.");
            }
        }

        // The host's CA bundle and NuGet revocation mode let restores inside the build reach the package
        // registries exactly as they are reached from the host (a TLS-intercepting proxy, for one).
        var revocation = Environment.GetEnvironmentVariable("NUGET_CERT_REVOCATION_MODE") is { Length: > 0 } mode
            ? $" NUGET_CERT_REVOCATION_MODE={mode}"
            : "";
        await BuildFromHostFilesAsync(engine, Sdk, $"""
            FROM {Debian}
            COPY {Relative(dotnetRoot)} /usr/share/dotnet
            COPY {Relative(node)} /usr/local/bin/node
            COPY {Relative(npm)} /usr/local/lib/node_modules/npm
            COPY {Relative(caBundle)} /etc/ssl/certs/ca-certificates.crt
            RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
            ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/share/dotnet \
                DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NPM_CONFIG_CAFILE=/etc/ssl/certs/ca-certificates.crt{revocation}
            """, [Relative(dotnetRoot), Relative(node), Relative(npm), Relative(caBundle)],
            // Parts of the SDK a C# restore and publish never touch: a quarter less to copy.
            [.. new[] { "sdk/*/FSharp", "sdk/*/DotnetTools", "sdk/*/TestHostNetFramework", "templates" }.Select(part => $"{Relative(dotnetRoot)}/{part}")]);

        var runtimeFiles = new[] { "dotnet", "host", "shared" }.Select(name => Relative(Path.Combine(dotnetRoot, name))).ToArray();
        await BuildFromHostFilesAsync(engine, Runtime, $"""
            FROM {Debian}
            {string.Join('\n', runtimeFiles.Select(file => $"COPY {file} /usr/share/dotnet/{Path.GetFileName(file)}"))}
            ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/share/dotnet
            """, runtimeFiles);
    }

    /// <summary>
    /// Streams host files (paths relative to /) and the Dockerfile to `docker build -` as one tar
    /// context, so nothing is copied to disk first.
    /// </summary>
    private static async Task BuildFromHostFilesAsync(
        DockerEngine engine, string tag, string dockerfile, IReadOnlyList<string> hostPaths, IReadOnlyList<string>? excluded = null)
    {
        var context = Directory.CreateTempSubdirectory("windflow-base-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Dockerfile"), dockerfile);
            var result = await TestTools.RunCapturedAsync(
                "bash",
                ["-o", "pipefail", "-c", "tar -c -f - \"${@:2}\" -C \"$1\" Dockerfile | docker build -q -t \"$WF_TAG\" -", "build-base", context.FullName,
                    .. (excluded ?? []).Select(pattern => "--exclude=" + pattern), "-C", "/", .. hostPaths],
                environment: new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.Endpoint, ["DOCKER_BUILDKIT"] = "0", ["WF_TAG"] = tag },
                timeout: BuildTimeout);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"Building the base image {tag} failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
            }
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    /// <summary>The cached Debian root filesystem tarball, made once (under a lock: parallel test runs share it).</summary>
    private static async Task<string> EnsureRootFilesystemAsync()
    {
        var sources = new[] { "/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list" }.FirstOrDefault(File.Exists);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join(',', Packages) + "\n" + (sources is null ? "" : await File.ReadAllTextAsync(sources)))))[..12];
        Directory.CreateDirectory(CacheDirectory);
        var tarball = Path.Combine(CacheDirectory, $"debian-bookworm-{key}.tar");
        if (File.Exists(tarball))
        {
            return tarball;
        }

        await using var cacheLock = await LockAsync(Path.Combine(CacheDirectory, "rootfs.lock"));
        if (File.Exists(tarball))
        {
            return tarball;
        }

        if (TestTools.Find("mmdebstrap") is not { } mmdebstrap)
        {
            throw new InvalidOperationException("mmdebstrap is not installed: `make test` installs it (apt-get install -y mmdebstrap); this test never skips.");
        }

        var partial = tarball + ".partial";
        // The host's apt sources file as the mirror: same Debian mirror, suites and signing keys as apt uses.
        var result = await TestTools.RunCapturedAsync(
            mmdebstrap,
            ["--variant=essential", "--include=" + string.Join(',', Packages), "--format=tar", "bookworm", partial, .. sources is null ? Array.Empty<string>() : [sources]],
            timeout: BootstrapTimeout);
        if (result.ExitCode != 0)
        {
            File.Delete(partial);
            throw new InvalidOperationException($"mmdebstrap failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
        }

        File.Move(partial, tarball);
        return tarball;
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited < BootstrapTimeout)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                waited += TimeSpan.FromSeconds(1);
            }
        }
    }

    private static string Resolve(string tool)
    {
        var path = TestTools.Find(tool) ?? throw new InvalidOperationException($"`{tool}` is not on PATH.");
        return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }

    private static string Relative(string absolutePath) => absolutePath.TrimStart('/');
}
