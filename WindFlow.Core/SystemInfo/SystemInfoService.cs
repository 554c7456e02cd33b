using System.Reflection;

namespace WindFlow.Core.SystemInfo;

/// <summary>Names the database engine in use (for diagnostics only).</summary>
public interface IDatabaseDescriptor
{
    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    string Provider { get; }
}

/// <summary>Version, database provider and uptime, as shown by <c>GET /api/v1/system/info</c>.</summary>
public sealed record SystemInfoSnapshot(string Version, string DatabaseProvider, DateTimeOffset StartedAt, TimeSpan Uptime);

/// <summary>Reports what this WindFlow instance is and how long it has run.</summary>
public sealed class SystemInfoService(IDatabaseDescriptor database, TimeProvider clock)
{
    private static readonly string Version =
        typeof(SystemInfoService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    /// <summary>The current figures.</summary>
    public SystemInfoSnapshot Current()
    {
        var now = clock.GetUtcNow();
        return new SystemInfoSnapshot(Version, database.Provider, _startedAt, now - _startedAt);
    }
}
