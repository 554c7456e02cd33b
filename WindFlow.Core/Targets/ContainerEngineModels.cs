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
public sealed record ContainerSummary(
    string Id,
    IReadOnlyList<string> Names,
    string Image,
    string State,
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<ContainerPort> Ports,
    DateTimeOffset Created);

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
