namespace WindFlow.Core.Targets;

/// <summary>The answer to a ping: the API version the daemon speaks at most, and its OS type.</summary>
public sealed record EnginePing(string ApiVersion, string? OsType);

/// <summary>Facts about an engine, as shown by "Test connection".</summary>
/// <param name="EngineVersion">The daemon's version, for example <c>20.10.24</c>.</param>
/// <param name="ApiVersion">The highest API version the daemon speaks.</param>
/// <param name="NegotiatedApiVersion">The API version WindFlow uses with it (the lower of the daemon's and WindFlow's).</param>
/// <param name="OperatingSystem">The host's operating system description.</param>
/// <param name="OsType">The container OS type (<c>linux</c> or <c>windows</c>).</param>
/// <param name="Architecture">The host's CPU architecture.</param>
/// <param name="KernelVersion">The host's kernel version.</param>
/// <param name="Cpus">Number of CPUs the engine sees.</param>
/// <param name="MemoryBytes">Total memory the engine sees, in bytes.</param>
/// <param name="ContainersRunning">Running containers.</param>
/// <param name="ContainersTotal">All containers, whatever their state.</param>
/// <param name="Name">The engine host's name.</param>
public sealed record EngineInfo(
    string EngineVersion,
    string ApiVersion,
    string NegotiatedApiVersion,
    string OperatingSystem,
    string OsType,
    string Architecture,
    string KernelVersion,
    int Cpus,
    long MemoryBytes,
    int ContainersRunning,
    int ContainersTotal,
    string Name);

/// <summary>A port a container exposes, and where it is published on the host if it is.</summary>
public sealed record ContainerPort(int PrivatePort, int? PublicPort, string Protocol, string? HostIp);

/// <summary>One row of a container list.</summary>
/// <param name="Id">Full container id.</param>
/// <param name="Names">Names without the engine's leading slash.</param>
/// <param name="Image">The image the container was created from, as given.</param>
/// <param name="State">Machine state: <c>created</c>, <c>running</c>, <c>paused</c>, <c>exited</c>...</param>
/// <param name="Status">Human status, for example <c>Up 5 minutes</c>.</param>
/// <param name="Labels">Container labels.</param>
/// <param name="Ports">Exposed and published ports.</param>
/// <param name="Created">When the container was created.</param>
/// <param name="ImageId">Id of the image (<c>sha256:...</c>), to tell which images are in use.</param>
/// <param name="Health">Health check status (<c>starting</c>, <c>healthy</c>, <c>unhealthy</c>), null without a health check.</param>
public sealed record ContainerSummary(
    string Id,
    IReadOnlyList<string> Names,
    string Image,
    string State,
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<ContainerPort> Ports,
    DateTimeOffset Created,
    string ImageId = "",
    string? Health = null)
{
    /// <summary>The first name, which is what <c>docker ps</c> shows.</summary>
    public string Name => Names.Count > 0 ? Names[0] : Id[..Math.Min(12, Id.Length)];

    /// <summary>The compose project the container belongs to, from the label docker compose sets.</summary>
    public string? Project => Labels.TryGetValue("com.docker.compose.project", out var project) ? project : null;
}

/// <summary>The runtime state of an inspected container.</summary>
public sealed record ContainerState(
    string Status,
    bool Running,
    bool Paused,
    int ExitCode,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Health);

/// <summary>A volume, bind or tmpfs mount of a container.</summary>
public sealed record ContainerMount(string Type, string? Name, string? Source, string Destination, bool ReadWrite);

/// <summary>A network a container is attached to.</summary>
public sealed record ContainerNetwork(string Name, string? NetworkId, string? IpAddress, IReadOnlyList<string> Aliases);

/// <summary>The configuration and state of one container.</summary>
public sealed record ContainerDetails(
    string Id,
    string Name,
    string Image,
    string ImageId,
    DateTimeOffset Created,
    ContainerState State,
    bool Tty,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Environment,
    IReadOnlyDictionary<string, string> Labels,
    string? WorkingDirectory,
    string? User,
    string? Hostname,
    string? NetworkMode,
    string? RestartPolicy,
    int RestartCount,
    IReadOnlyList<ContainerMount> Mounts,
    IReadOnlyList<ContainerNetwork> Networks);

/// <summary>Which log lines to read.</summary>
/// <param name="Follow">Keep streaming new lines until cancelled.</param>
/// <param name="Tail">Only the last N lines already written (all when null).</param>
/// <param name="Since">Only lines written after this instant.</param>
/// <param name="Timestamps">Ask the engine for each line's time (filled into <see cref="LogLine.Timestamp"/>).</param>
public sealed record ContainerLogOptions(bool Follow = false, int? Tail = null, DateTimeOffset? Since = null, bool Timestamps = false);

/// <summary>The output stream a log line came from.</summary>
public enum LogStream
{
    /// <summary>Standard output; also everything a TTY container prints.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}

/// <summary>One log line, without its line terminator.</summary>
public sealed record LogLine(LogStream Stream, string Text, DateTimeOffset? Timestamp);

/// <summary>Something that happened on an engine.</summary>
/// <param name="Type">Object type: <c>container</c>, <c>image</c>, <c>network</c>, <c>volume</c>...</param>
/// <param name="Action">What happened: <c>start</c>, <c>die</c>, <c>destroy</c>...</param>
/// <param name="ActorId">Id of the object concerned.</param>
/// <param name="Attributes">Extra facts (name, image, labels for containers).</param>
/// <param name="Time">When it happened.</param>
public sealed record EngineEvent(
    string Type,
    string Action,
    string ActorId,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset Time);

/// <summary>One resource-usage sample of a container.</summary>
/// <param name="Time">When the engine read it.</param>
/// <param name="CpuPercent">CPU used since the previous reading, 100 per fully busy CPU (as <c>docker stats</c> shows).</param>
/// <param name="MemoryUsageBytes">Memory in use, page cache excluded (as <c>docker stats</c> shows).</param>
/// <param name="MemoryLimitBytes">The container's memory limit, or the host's memory without one.</param>
/// <param name="NetworkRxBytes">Bytes received on all interfaces since the container started.</param>
/// <param name="NetworkTxBytes">Bytes sent on all interfaces since the container started.</param>
/// <param name="BlockReadBytes">Bytes read from block devices since the container started.</param>
/// <param name="BlockWriteBytes">Bytes written to block devices since the container started.</param>
/// <param name="Pids">Processes and threads in the container.</param>
public sealed record ContainerStats(
    DateTimeOffset Time,
    double CpuPercent,
    long MemoryUsageBytes,
    long MemoryLimitBytes,
    long NetworkRxBytes,
    long NetworkTxBytes,
    long BlockReadBytes,
    long BlockWriteBytes,
    int Pids)
{
    /// <summary>Memory in use as a percentage of the limit.</summary>
    public double MemoryPercent => MemoryLimitBytes > 0 ? MemoryUsageBytes * 100.0 / MemoryLimitBytes : 0;
}

/// <summary>One image on an engine.</summary>
/// <param name="Id">Image id (<c>sha256:...</c>).</param>
/// <param name="RepoTags">Tags pointing at it; empty for a dangling image.</param>
/// <param name="RepoDigests">Registry digests it was pulled by.</param>
/// <param name="SizeBytes">Size on disk including shared layers.</param>
/// <param name="Created">When the image was built.</param>
/// <param name="Labels">Image labels.</param>
public sealed record ImageSummary(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    long SizeBytes,
    DateTimeOffset Created,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Untagged: nothing refers to it by name.</summary>
    public bool Dangling => RepoTags.Count == 0 || RepoTags.All(t => t == "<none>:<none>");
}

/// <summary>
/// One progress message of a pull. Messages about a layer carry its <see cref="LayerId"/>; the
/// others (<c>Pulling from ...</c>, <c>Digest: ...</c>, <c>Status: ...</c>) do not.
/// </summary>
/// <param name="Status">The engine's words: <c>Pulling fs layer</c>, <c>Downloading</c>, <c>Pull complete</c>...</param>
/// <param name="LayerId">The layer concerned, when the message is about one.</param>
/// <param name="Current">Bytes done for the current phase of the layer, when known.</param>
/// <param name="Total">Bytes in the layer, when known.</param>
public sealed record PullProgress(string Status, string? LayerId, long? Current, long? Total);

/// <summary>What a prune removed.</summary>
/// <param name="Removed">Ids or names removed.</param>
/// <param name="SpaceReclaimedBytes">Disk space freed.</param>
public sealed record PruneResult(IReadOnlyList<string> Removed, long SpaceReclaimedBytes);

/// <summary>One volume on an engine.</summary>
public sealed record VolumeSummary(
    string Name,
    string Driver,
    string? Mountpoint,
    DateTimeOffset? Created,
    IReadOnlyDictionary<string, string> Labels,
    string Scope);

/// <summary>A volume to create.</summary>
public sealed record VolumeCreate(string Name, string? Driver = null, IReadOnlyDictionary<string, string>? Labels = null, IReadOnlyDictionary<string, string>? DriverOptions = null);

/// <summary>One network on an engine; <c>Subnets</c> are its IPAM subnets in CIDR form.</summary>
public sealed record NetworkSummary(
    string Id,
    string Name,
    string Driver,
    string Scope,
    bool Internal,
    bool Attachable,
    DateTimeOffset? Created,
    IReadOnlyList<string> Subnets,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>A container attached to a network.</summary>
public sealed record NetworkContainer(string Id, string Name, string? IPv4Address, string? MacAddress);

/// <summary>A network with its attached containers and driver options.</summary>
public sealed record NetworkDetails(NetworkSummary Network, IReadOnlyList<NetworkContainer> Containers, IReadOnlyDictionary<string, string> Options);

/// <summary>A network to create; <c>Subnet</c> is an IPAM subnet in CIDR form, or null to let the engine choose.</summary>
public sealed record NetworkCreate(
    string Name,
    string? Driver = null,
    bool Internal = false,
    bool Attachable = false,
    string? Subnet = null,
    IReadOnlyDictionary<string, string>? Labels = null);
