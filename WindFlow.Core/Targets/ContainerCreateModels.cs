namespace WindFlow.Core.Targets;

/// <summary>
/// Everything needed to create one container, in engine terms (already resolved from a compose
/// service: project-prefixed names, absolute bind sources, durations as <see cref="TimeSpan"/>).
/// Null or empty members leave the engine's (or the image's) default.
/// </summary>
public sealed record ContainerCreateSpec
{
    /// <summary>Container name, unique on the engine.</summary>
    public required string Name { get; init; }

    /// <summary>Image reference (<c>name[:tag]</c> or <c>name@digest</c>).</summary>
    public required string Image { get; init; }

    /// <summary>Command (arguments to the entrypoint); null keeps the image's <c>CMD</c>.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Entrypoint; null keeps the image's, an empty list clears it.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Environment as <c>KEY=value</c> entries.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Container labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>User (name or uid[:gid]) the main process runs as.</summary>
    public string? User { get; init; }

    /// <summary>Working directory of the main process.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Hostname inside the container.</summary>
    public string? Hostname { get; init; }

    /// <summary>Allocate a pseudo-TTY.</summary>
    public bool Tty { get; init; }

    /// <summary>Keep stdin open.</summary>
    public bool OpenStdin { get; init; }

    /// <summary>Signal sent to stop the container (<c>SIGTERM</c> when null).</summary>
    public string? StopSignal { get; init; }

    /// <summary>Time the engine waits after the stop signal before killing.</summary>
    public TimeSpan? StopTimeout { get; init; }

    /// <summary>Health check; null keeps the image's.</summary>
    public ContainerHealthcheck? Healthcheck { get; init; }

    /// <summary>Ports to expose and publish.</summary>
    public IReadOnlyList<PortBindingSpec> Ports { get; init; } = [];

    /// <summary>Volume, bind and tmpfs mounts.</summary>
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];

    /// <summary><c>host</c>, <c>none</c>, <c>bridge</c>, <c>container:&lt;id&gt;</c> or a network name; null: the first of <see cref="Networks"/>.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>User-defined networks to attach, with their aliases.</summary>
    public IReadOnlyList<NetworkAttachmentSpec> Networks { get; init; } = [];

    /// <summary><c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure</c> or <c>on-failure:N</c>.</summary>
    public string? RestartPolicy { get; init; }

    /// <summary>Give the container every capability and device.</summary>
    public bool Privileged { get; init; }

    /// <summary>Mount the root filesystem read-only.</summary>
    public bool ReadOnlyRootFilesystem { get; init; }

    /// <summary>Run an init process (tini) as PID 1; null keeps the engine default.</summary>
    public bool? Init { get; init; }

    /// <summary>Capabilities added.</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];

    /// <summary>Capabilities dropped.</summary>
    public IReadOnlyList<string> CapDrop { get; init; } = [];

    /// <summary>Security options (<c>no-new-privileges:true</c>, <c>seccomp=...</c>).</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    /// <summary>Extra <c>/etc/hosts</c> entries as <c>host:ip</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary>DNS servers.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];

    /// <summary>PID namespace mode (<c>host</c>).</summary>
    public string? PidMode { get; init; }

    /// <summary>IPC namespace mode (<c>host</c>, <c>shareable</c>...).</summary>
    public string? IpcMode { get; init; }

    /// <summary>Log driver and its options.</summary>
    public LogConfigSpec? Logging { get; init; }

    /// <summary>Resource limits (<c>nofile</c>, <c>nproc</c>...).</summary>
    public IReadOnlyList<UlimitSpec> Ulimits { get; init; } = [];

    /// <summary>Namespaced kernel parameters.</summary>
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    /// <summary>Size of <c>/dev/shm</c> in bytes.</summary>
    public long? ShmSizeBytes { get; init; }

    /// <summary>Memory limit in bytes.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Memory soft limit in bytes.</summary>
    public long? MemoryReservationBytes { get; init; }

    /// <summary>CPU quota in units of 10^-9 CPUs (<c>cpus: 0.5</c> is 500,000,000).</summary>
    public long? NanoCpus { get; init; }
}

/// <summary>A health check: <c>Test</c> is <c>["CMD", ...]</c>, <c>["CMD-SHELL", "..."]</c> or <c>["NONE"]</c>.</summary>
public sealed record ContainerHealthcheck(
    IReadOnlyList<string> Test,
    TimeSpan? Interval = null,
    TimeSpan? Timeout = null,
    int? Retries = null,
    TimeSpan? StartPeriod = null,
    TimeSpan? StartInterval = null);

/// <summary>
/// One container port, published on the host when <paramref name="HostPort"/> is set
/// (a number or a range like <c>8000-8010</c>; empty string: a random host port).
/// </summary>
public sealed record PortBindingSpec(int ContainerPort, string Protocol = "tcp", string? HostIp = null, string? HostPort = null);

/// <summary>
/// A mount: <paramref name="Type"/> is <c>volume</c> (Source = engine volume name), <c>bind</c>
/// (Source = absolute host path) or <c>tmpfs</c> (no source).
/// </summary>
public sealed record MountSpec(string Type, string? Source, string Target, bool ReadOnly = false, long? TmpfsSizeBytes = null, bool NoCopy = false);

/// <summary>A network to attach the container to, with DNS aliases and an optional fixed address.</summary>
public sealed record NetworkAttachmentSpec(string Name, IReadOnlyList<string> Aliases, string? Ipv4Address = null);

/// <summary>Log driver (<c>json-file</c>, <c>local</c>...) and its options.</summary>
public sealed record LogConfigSpec(string Driver, IReadOnlyDictionary<string, string> Options);

/// <summary>A ulimit; soft and hard are equal when one number is given.</summary>
public sealed record UlimitSpec(string Name, long Soft, long Hard);

/// <summary>An image as the engine knows it: id, tags and registry digests.</summary>
public sealed record ImageDetails(string Id, IReadOnlyList<string> RepoTags, IReadOnlyList<string> RepoDigests);
