using System.Text.Json.Serialization;

namespace WindFlow.Infrastructure.Docker;

// Wire shapes of the Docker Engine API answers WindFlow reads; only the fields it uses.
// Property matching is case-insensitive because the API mixes "Id", "ID" and "id".
internal sealed record DockerErrorDto(string? Message);

internal sealed record DockerVersionDto(string? Version, string? ApiVersion, string? MinAPIVersion, string? Os, string? Arch, string? KernelVersion);

internal sealed record DockerInfoDto(
    string? Name,
    int Containers,
    int ContainersRunning,
    int NCPU,
    long MemTotal,
    string? OperatingSystem,
    string? OSType,
    string? Architecture,
    string? KernelVersion,
    string? ServerVersion);

internal sealed record DockerPortDto(string? IP, int PrivatePort, int? PublicPort, string? Type);

internal sealed record DockerContainerDto(
    string Id,
    List<string>? Names,
    string? Image,
    string? ImageID,
    string? State,
    string? Status,
    long Created,
    Dictionary<string, string>? Labels,
    List<DockerPortDto>? Ports);

internal sealed record DockerHealthDto(string? Status);

internal sealed record DockerStateDto(
    string? Status,
    bool Running,
    bool Paused,
    int ExitCode,
    string? StartedAt,
    string? FinishedAt,
    DockerHealthDto? Health);

internal sealed record DockerConfigDto(
    string? Image,
    bool Tty,
    List<string>? Env,
    Dictionary<string, string>? Labels,
    List<string>? Cmd,
    List<string>? Entrypoint,
    string? WorkingDir,
    string? User,
    string? Hostname);

internal sealed record DockerRestartPolicyDto(string? Name);

internal sealed record DockerHostConfigDto(string? NetworkMode, DockerRestartPolicyDto? RestartPolicy);

internal sealed record DockerMountDto(string? Type, string? Name, string? Source, string? Destination, bool RW);

internal sealed record DockerEndpointDto(string? NetworkID, string? IPAddress, List<string>? Aliases);

internal sealed record DockerNetworkSettingsDto(Dictionary<string, DockerEndpointDto>? Networks);

internal sealed record DockerInspectDto(
    string Id,
    string? Name,
    string? Created,
    string? Image,
    int RestartCount,
    DockerStateDto? State,
    DockerConfigDto? Config,
    DockerHostConfigDto? HostConfig,
    List<DockerMountDto>? Mounts,
    DockerNetworkSettingsDto? NetworkSettings);

internal sealed record DockerActorDto(string? ID, Dictionary<string, string>? Attributes);

internal sealed record DockerEventDto(string? Type, string? Action, DockerActorDto? Actor, long Time, long TimeNano);

// Stats use the engine's snake_case names (they come from the cgroup/libcontainer structures).
internal sealed record DockerCpuUsageDto(
    [property: JsonPropertyName("total_usage")] ulong TotalUsage,
    [property: JsonPropertyName("percpu_usage")] List<ulong>? PercpuUsage);

internal sealed record DockerCpuStatsDto(
    [property: JsonPropertyName("cpu_usage")] DockerCpuUsageDto? CpuUsage,
    [property: JsonPropertyName("system_cpu_usage")] ulong SystemCpuUsage,
    [property: JsonPropertyName("online_cpus")] uint OnlineCpus);

internal sealed record DockerMemoryStatsDto(ulong Usage, ulong Limit, Dictionary<string, ulong>? Stats);

internal sealed record DockerBlkioEntryDto(string? Op, ulong Value);

internal sealed record DockerBlkioStatsDto(
    [property: JsonPropertyName("io_service_bytes_recursive")] List<DockerBlkioEntryDto>? IoServiceBytesRecursive);

internal sealed record DockerPidsStatsDto(ulong Current);

internal sealed record DockerNetworkStatsDto(
    [property: JsonPropertyName("rx_bytes")] ulong RxBytes,
    [property: JsonPropertyName("tx_bytes")] ulong TxBytes);

internal sealed record DockerStatsDto(
    string? Read,
    [property: JsonPropertyName("pids_stats")] DockerPidsStatsDto? PidsStats,
    [property: JsonPropertyName("blkio_stats")] DockerBlkioStatsDto? BlkioStats,
    [property: JsonPropertyName("cpu_stats")] DockerCpuStatsDto? CpuStats,
    [property: JsonPropertyName("precpu_stats")] DockerCpuStatsDto? PrecpuStats,
    [property: JsonPropertyName("memory_stats")] DockerMemoryStatsDto? MemoryStats,
    Dictionary<string, DockerNetworkStatsDto>? Networks);

internal sealed record DockerImageDto(
    string Id,
    List<string>? RepoTags,
    List<string>? RepoDigests,
    long Created,
    long Size,
    Dictionary<string, string>? Labels);

internal sealed record DockerImageDeleteDto(string? Untagged, string? Deleted);

internal sealed record DockerImagePruneDto(List<DockerImageDeleteDto>? ImagesDeleted, long SpaceReclaimed);

internal sealed record DockerProgressDetailDto(long? Current, long? Total);

internal sealed record DockerErrorDetailDto(string? Message);

internal sealed record DockerPullMessageDto(
    string? Status,
    string? Id,
    DockerProgressDetailDto? ProgressDetail,
    string? Error,
    DockerErrorDetailDto? ErrorDetail);

internal sealed record DockerVolumeDto(
    string Name,
    string? Driver,
    string? Mountpoint,
    string? CreatedAt,
    Dictionary<string, string>? Labels,
    string? Scope);

internal sealed record DockerVolumeListDto(List<DockerVolumeDto>? Volumes, List<string>? Warnings);

internal sealed record DockerVolumeCreateDto(
    string Name,
    string Driver,
    Dictionary<string, string>? Labels,
    Dictionary<string, string>? DriverOpts);

internal sealed record DockerVolumePruneDto(List<string>? VolumesDeleted, long SpaceReclaimed);

internal sealed record DockerIpamConfigDto(string? Subnet);

internal sealed record DockerIpamDto(List<DockerIpamConfigDto>? Config);

internal sealed record DockerNetworkEndpointDto(string? Name, string? MacAddress, string? IPv4Address);

internal sealed record DockerNetworkDto(
    string Id,
    string? Name,
    string? Created,
    string? Scope,
    string? Driver,
    bool Internal,
    bool Attachable,
    DockerIpamDto? IPAM,
    Dictionary<string, DockerNetworkEndpointDto>? Containers,
    Dictionary<string, string>? Options,
    Dictionary<string, string>? Labels);

internal sealed record DockerNetworkCreateDto(
    string Name,
    string Driver,
    bool Internal,
    bool Attachable,
    Dictionary<string, string>? Labels,
    DockerIpamDto? IPAM,
    bool CheckDuplicate);

internal sealed record DockerNetworkCreatedDto(string Id, string? Warning);

internal sealed record DockerImageInspectDto(string Id, List<string>? RepoTags, List<string>? RepoDigests);

// Container creation. Durations are nanoseconds and sizes bytes, as the API takes them.
internal sealed record DockerHealthcheckDto(
    List<string> Test,
    long? Interval,
    long? Timeout,
    long? StartPeriod,
    long? StartInterval,
    int? Retries);

// Serialises as {}: the API marks an exposed port by a key whose value is an empty object.
internal sealed record DockerEmptyDto;

internal sealed record DockerPortBindingDto(string? HostIp, string? HostPort);

internal sealed record DockerVolumeOptionsDto(bool NoCopy);

internal sealed record DockerTmpfsOptionsDto(long SizeBytes);

internal sealed record DockerMountSpecDto(
    string Type,
    string? Source,
    string Target,
    bool ReadOnly,
    DockerVolumeOptionsDto? VolumeOptions,
    DockerTmpfsOptionsDto? TmpfsOptions);

internal sealed record DockerRestartPolicySpecDto(string Name, int MaximumRetryCount);

internal sealed record DockerLogConfigDto(string Type, Dictionary<string, string>? Config);

internal sealed record DockerUlimitDto(string Name, long Soft, long Hard);

internal sealed record DockerCreateHostConfigDto(
    Dictionary<string, List<DockerPortBindingDto>>? PortBindings,
    List<DockerMountSpecDto>? Mounts,
    string? NetworkMode,
    DockerRestartPolicySpecDto? RestartPolicy,
    bool Privileged,
    bool ReadonlyRootfs,
    bool? Init,
    List<string>? CapAdd,
    List<string>? CapDrop,
    List<string>? SecurityOpt,
    List<string>? ExtraHosts,
    List<string>? Dns,
    string? PidMode,
    string? IpcMode,
    DockerLogConfigDto? LogConfig,
    List<DockerUlimitDto>? Ulimits,
    Dictionary<string, string>? Sysctls,
    long? ShmSize,
    long? Memory,
    long? MemoryReservation,
    long? NanoCpus);

internal sealed record DockerEndpointIpamDto(string? IPv4Address);

internal sealed record DockerEndpointSettingsDto(List<string>? Aliases, DockerEndpointIpamDto? IPAMConfig);

internal sealed record DockerNetworkingConfigDto(Dictionary<string, DockerEndpointSettingsDto> EndpointsConfig);

internal sealed record DockerContainerCreateDto(
    string Image,
    List<string>? Cmd,
    List<string>? Entrypoint,
    List<string>? Env,
    Dictionary<string, string>? Labels,
    string? User,
    string? WorkingDir,
    string? Hostname,
    bool Tty,
    bool OpenStdin,
    string? StopSignal,
    int? StopTimeout,
    DockerHealthcheckDto? Healthcheck,
    Dictionary<string, DockerEmptyDto>? ExposedPorts,
    DockerCreateHostConfigDto HostConfig,
    DockerNetworkingConfigDto? NetworkingConfig);

internal sealed record DockerContainerCreatedDto(string Id, List<string>? Warnings);

internal sealed record DockerNetworkConnectDto(string Container, DockerEndpointSettingsDto EndpointConfig);

internal sealed record DockerWaitDto(int StatusCode, DockerErrorDto? Error);

// Requests omit nulls so the engine applies its own defaults instead of reading an explicit null.
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DockerErrorDto))]
[JsonSerializable(typeof(DockerVersionDto))]
[JsonSerializable(typeof(DockerInfoDto))]
[JsonSerializable(typeof(List<DockerContainerDto>))]
[JsonSerializable(typeof(DockerInspectDto))]
[JsonSerializable(typeof(DockerEventDto))]
[JsonSerializable(typeof(DockerStatsDto))]
[JsonSerializable(typeof(List<DockerImageDto>))]
[JsonSerializable(typeof(List<DockerImageDeleteDto>))]
[JsonSerializable(typeof(DockerImagePruneDto))]
[JsonSerializable(typeof(DockerPullMessageDto))]
[JsonSerializable(typeof(DockerVolumeDto))]
[JsonSerializable(typeof(DockerVolumeListDto))]
[JsonSerializable(typeof(DockerVolumeCreateDto))]
[JsonSerializable(typeof(DockerVolumePruneDto))]
[JsonSerializable(typeof(List<DockerNetworkDto>))]
[JsonSerializable(typeof(DockerNetworkDto))]
[JsonSerializable(typeof(DockerNetworkCreateDto))]
[JsonSerializable(typeof(DockerNetworkCreatedDto))]
[JsonSerializable(typeof(DockerImageInspectDto))]
[JsonSerializable(typeof(DockerContainerCreateDto))]
[JsonSerializable(typeof(DockerContainerCreatedDto))]
[JsonSerializable(typeof(DockerNetworkConnectDto))]
[JsonSerializable(typeof(DockerWaitDto))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
