using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Packaging;

/// <summary>A .env in a temporary directory, made and changed by the repository's scripts as the make targets do.</summary>
internal sealed class EnvFile : IDisposable
{
    private readonly DirectoryInfo _directory;

    private EnvFile(DirectoryInfo directory)
    {
        _directory = directory;
        Path = System.IO.Path.Combine(directory.FullName, ".env");
    }

    public string Path { get; }

    public static string Script(string name) => System.IO.Path.Combine(RepositoryPaths.Root, "scripts", name);

    /// <summary>An empty directory; the file does not exist until a script writes it.</summary>
    public static EnvFile Empty() => new(Directory.CreateTempSubdirectory("windflow-env-"));

    /// <summary>A file made by scripts/gen-env.sh.</summary>
    public static async Task<EnvFile> CreateAsync()
    {
        var env = Empty();
        await env.GenerateAsync();
        return env;
    }

    /// <summary>A copy of <paramref name="source"/> (same secrets), for tests that only need a valid file.</summary>
    public static EnvFile CopyOf(EnvFile source)
    {
        var env = Empty();
        File.Copy(source.Path, env.Path);
        return env;
    }

    public async Task<TestTools.ProcessResult> GenerateAsync()
    {
        var result = await TestTools.RunCapturedAsync(Script("gen-env.sh"), [Path]);
        Assert.True(result.ExitCode == 0, $"gen-env.sh failed: {result.Stderr}");
        return result;
    }

    /// <summary>Runs scripts/extensions.sh on this file; fails the test unless it succeeds.</summary>
    public async Task<string> ExtensionsAsync(IEnumerable<string> arguments)
    {
        var result = await TryExtensionsAsync(arguments);
        Assert.True(result.ExitCode == 0, $"extensions.sh {string.Join(' ', arguments)} failed: {result.Stderr}");
        return result.Stdout;
    }

    public Task<TestTools.ProcessResult> TryExtensionsAsync(IEnumerable<string> arguments) =>
        TestTools.RunCapturedAsync(Script("extensions.sh"), ["-f", Path, .. arguments]);

    /// <summary>The KEY=VALUE lines (comments skipped); a repeated key would fail here.</summary>
    public Dictionary<string, string> Read() => File.ReadAllLines(Path)
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split('=', 2))
        .ToDictionary(parts => parts[0], parts => parts[1]);

    public void Dispose() => _directory.Delete(recursive: true);
}
