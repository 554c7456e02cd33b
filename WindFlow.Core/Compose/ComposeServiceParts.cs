namespace WindFlow.Core.Compose;

/// <summary>One container port, published when <paramref name="Published"/> is not null.</summary>
/// <param name="Target">Container port.</param>
/// <param name="Published">Host port or range (<c>8080</c>, <c>8000-8010</c>); empty: a random host port; null: not published.</param>
/// <param name="HostIp">Host address to bind, null for all.</param>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c> or <c>sctp</c>.</param>
/// <param name="Location">Where the port entry is.</param>
public sealed record ComposePort(int Target, string? Published, string? HostIp, string Protocol, ComposeLocation Location);

/// <summary>A mount of a service.</summary>
/// <param name="Type"><c>volume</c>, <c>bind</c> or <c>tmpfs</c>.</param>
/// <param name="Source">Volume key (a top-level volume), absolute host path, or null (anonymous volume, tmpfs).</param>
/// <param name="Target">Absolute path in the container.</param>
/// <param name="ReadOnly">Mounted read-only.</param>
/// <param name="TmpfsSizeBytes">Size of a tmpfs mount.</param>
/// <param name="NoCopy">Do not copy the image's content into a new volume.</param>
/// <param name="Location">Where the mount entry is.</param>
public sealed record ComposeMount(string Type, string? Source, string Target, bool ReadOnly, long? TmpfsSizeBytes, bool NoCopy, ComposeLocation Location);

/// <summary>A network a service joins.</summary>
/// <param name="Name">The network's key under top-level <c>networks:</c> (or <c>default</c>).</param>
/// <param name="Aliases">Extra DNS aliases (the service name is always one).</param>
/// <param name="Ipv4Address">Fixed address.</param>
/// <param name="Location">Where the entry is.</param>
public sealed record ComposeServiceNetwork(string Name, IReadOnlyList<string> Aliases, string? Ipv4Address, ComposeLocation Location);

/// <summary>Conditions a dependency must meet before the dependent service starts.</summary>
public static class ComposeDependencyConditions
{
    /// <summary>The dependency's containers are running.</summary>
    public const string ServiceStarted = "service_started";

    /// <summary>The dependency's containers report healthy.</summary>
    public const string ServiceHealthy = "service_healthy";

    /// <summary>The dependency's containers exited with code 0.</summary>
    public const string ServiceCompletedSuccessfully = "service_completed_successfully";
}

/// <summary>A <c>depends_on</c> entry.</summary>
/// <param name="Service">The service depended on.</param>
/// <param name="Condition">One of <see cref="ComposeDependencyConditions"/>.</param>
/// <param name="Restart">Restart this service when the dependency is updated.</param>
/// <param name="Required">Fail when the dependency is missing (false: warn).</param>
/// <param name="Location">Where the entry is.</param>
public sealed record ComposeDependency(string Service, string Condition, bool Restart, bool Required, ComposeLocation Location);

/// <summary>A service's health check.</summary>
/// <param name="Test"><c>["CMD", ...]</c>, <c>["CMD-SHELL", "..."]</c> or <c>["NONE"]</c>; null keeps the image's.</param>
/// <param name="Interval">Time between checks.</param>
/// <param name="Timeout">Time a check may take.</param>
/// <param name="StartPeriod">Grace period after start.</param>
/// <param name="StartInterval">Time between checks during the start period.</param>
/// <param name="Retries">Failures in a row before unhealthy.</param>
/// <param name="Disable">Disable the image's health check.</param>
public sealed record ComposeHealthcheck(
    IReadOnlyList<string>? Test,
    TimeSpan? Interval,
    TimeSpan? Timeout,
    TimeSpan? StartPeriod,
    TimeSpan? StartInterval,
    int? Retries,
    bool Disable);

/// <summary>Log driver and its options.</summary>
/// <param name="Driver">Driver; null: the engine's default.</param>
/// <param name="Options">Driver options.</param>
public sealed record ComposeLogging(string? Driver, IReadOnlyDictionary<string, string> Options);

/// <summary>A ulimit.</summary>
/// <param name="Name">Name (<c>nofile</c>, <c>nproc</c>...).</param>
/// <param name="Soft">Soft limit.</param>
/// <param name="Hard">Hard limit.</param>
public sealed record ComposeUlimit(string Name, long Soft, long Hard);

/// <summary>The supported part of <c>deploy</c>: replicas and resources.</summary>
/// <param name="Replicas">Number of containers; null: 1.</param>
/// <param name="LimitCpus">CPU limit in CPUs.</param>
/// <param name="LimitMemoryBytes">Memory limit in bytes.</param>
/// <param name="ReservationMemoryBytes">Memory reservation (soft limit) in bytes.</param>
public sealed record ComposeDeploy(int? Replicas, double? LimitCpus, long? LimitMemoryBytes, long? ReservationMemoryBytes);
