namespace WindFlow.Core.Compose;

/// <summary>
/// One service of a compose file, with values already normalised (durations as <see cref="TimeSpan"/>,
/// sizes in bytes, short syntaxes expanded). Null or empty members were not given.
/// </summary>
public sealed record ComposeService
{
    /// <summary>The service name (its key under <c>services:</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Where the service's key is.</summary>
    public required ComposeLocation Location { get; init; }

    /// <summary>Where each key given for this service is, by key (<c>privileged</c>, <c>pid</c>...).</summary>
    public IReadOnlyDictionary<string, ComposeLocation> KeyLocations { get; init; } = new Dictionary<string, ComposeLocation>();

    /// <summary>Image reference.</summary>
    public required string Image { get; init; }

    /// <summary>Command; a string was split into words as a POSIX shell would.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Entrypoint; a string was split into words as a POSIX shell would.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Ports, one entry per container port (ranges expanded).</summary>
    public IReadOnlyList<ComposePort> Ports { get; init; } = [];

    /// <summary>Volume, bind and tmpfs mounts.</summary>
    public IReadOnlyList<ComposeMount> Volumes { get; init; } = [];

    /// <summary>Networks the service joins (empty: the project's <c>default</c> network unless <see cref="NetworkMode"/> is set).</summary>
    public IReadOnlyList<ComposeServiceNetwork> Networks { get; init; } = [];

    /// <summary><c>host</c>, <c>none</c>, <c>bridge</c>, <c>service:name</c> or <c>container:name</c>.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>Services this one starts after.</summary>
    public IReadOnlyList<ComposeDependency> DependsOn { get; init; } = [];

    /// <summary>Health check, when given.</summary>
    public ComposeHealthcheck? Healthcheck { get; init; }

    /// <summary><c>no</c>, <c>always</c>, <c>on-failure</c>, <c>on-failure:N</c> or <c>unless-stopped</c>.</summary>
    public string? Restart { get; init; }

    /// <summary>Container labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>User the main process runs as.</summary>
    public string? User { get; init; }

    /// <summary>Working directory.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Hostname.</summary>
    public string? Hostname { get; init; }

    /// <summary>Fixed container name (only one replica can then exist).</summary>
    public string? ContainerName { get; init; }

    /// <summary>Capabilities added.</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];

    /// <summary>Capabilities dropped.</summary>
    public IReadOnlyList<string> CapDrop { get; init; } = [];

    /// <summary>Privileged mode.</summary>
    public bool Privileged { get; init; }

    /// <summary>Read-only root filesystem.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Security options.</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];

    /// <summary>Extra hosts as <c>host:ip</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary>DNS servers.</summary>
    public IReadOnlyList<string> Dns { get; init; } = [];

    /// <summary>Stop signal.</summary>
    public string? StopSignal { get; init; }

    /// <summary>Time between the stop signal and a kill.</summary>
    public TimeSpan? StopGracePeriod { get; init; }

    /// <summary>Run an init process as PID 1.</summary>
    public bool? Init { get; init; }

    /// <summary>Allocate a TTY.</summary>
    public bool Tty { get; init; }

    /// <summary>Keep stdin open.</summary>
    public bool StdinOpen { get; init; }

    /// <summary>Log driver and options.</summary>
    public ComposeLogging? Logging { get; init; }

    /// <summary>Ulimits.</summary>
    public IReadOnlyList<ComposeUlimit> Ulimits { get; init; } = [];

    /// <summary>Kernel parameters.</summary>
    public IReadOnlyDictionary<string, string> Sysctls { get; init; } = new Dictionary<string, string>();

    /// <summary>Size of <c>/dev/shm</c> in bytes.</summary>
    public long? ShmSizeBytes { get; init; }

    /// <summary>Memory limit in bytes (<c>mem_limit</c>).</summary>
    public long? MemLimitBytes { get; init; }

    /// <summary>CPU limit in CPUs (<c>cpus</c>).</summary>
    public double? Cpus { get; init; }

    /// <summary>Replicas and resources, when given.</summary>
    public ComposeDeploy? Deploy { get; init; }

    /// <summary><c>always</c>, <c>never</c>, <c>missing</c> or <c>if_not_present</c>.</summary>
    public string? PullPolicy { get; init; }

    /// <summary>Profiles the service belongs to.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>PID namespace (<c>host</c>).</summary>
    public string? Pid { get; init; }

    /// <summary>IPC namespace (<c>host</c>, <c>shareable</c>...).</summary>
    public string? Ipc { get; init; }

    /// <summary>The location of <paramref name="key"/> if given, else the service's own location.</summary>
    public ComposeLocation LocationOf(string key) =>
        KeyLocations.TryGetValue(key, out var location) ? location : Location;
}
