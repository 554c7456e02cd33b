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

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DockerErrorDto))]
[JsonSerializable(typeof(DockerVersionDto))]
[JsonSerializable(typeof(DockerInfoDto))]
[JsonSerializable(typeof(List<DockerContainerDto>))]
[JsonSerializable(typeof(DockerInspectDto))]
[JsonSerializable(typeof(DockerEventDto))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
