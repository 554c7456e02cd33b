using System.Globalization;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>Maps the Engine API's wire shapes to Core's records.</summary>
internal static class DockerMapping
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public static EngineInfo ToEngineInfo(DockerVersionDto version, DockerInfoDto info, Version negotiated) => new(
        EngineVersion: version.Version ?? info.ServerVersion ?? "",
        ApiVersion: version.ApiVersion ?? "",
        NegotiatedApiVersion: negotiated.ToString(2),
        OperatingSystem: info.OperatingSystem ?? version.Os ?? "",
        OsType: info.OSType ?? version.Os ?? "",
        Architecture: info.Architecture ?? version.Arch ?? "",
        KernelVersion: info.KernelVersion ?? version.KernelVersion ?? "",
        Cpus: info.NCPU,
        MemoryBytes: info.MemTotal,
        ContainersRunning: info.ContainersRunning,
        ContainersTotal: info.Containers,
        Name: info.Name ?? "");

    public static ContainerSummary ToSummary(DockerContainerDto dto) => new(
        dto.Id,
        (dto.Names ?? []).Select(n => n.TrimStart('/')).ToList(),
        dto.Image ?? "",
        dto.State ?? "",
        dto.Status ?? "",
        dto.Labels ?? NoLabels,
        (dto.Ports ?? []).Select(p => new ContainerPort(p.PrivatePort, p.PublicPort, p.Type ?? "tcp", p.IP)).ToList(),
        DateTimeOffset.FromUnixTimeSeconds(dto.Created),
        dto.ImageID ?? "",
        HealthFromStatus(dto.Status));

    // The list answer has no health field; the status text ends with "(healthy)", "(unhealthy)"
    // or "(health: starting)" when the container has a health check.
    private static string? HealthFromStatus(string? status) => status switch
    {
        null => null,
        _ when status.EndsWith("(healthy)", StringComparison.Ordinal) => "healthy",
        _ when status.EndsWith("(unhealthy)", StringComparison.Ordinal) => "unhealthy",
        _ when status.EndsWith("(health: starting)", StringComparison.Ordinal) => "starting",
        _ => null,
    };

    public static ContainerDetails ToDetails(DockerInspectDto dto)
    {
        var config = dto.Config;
        var state = dto.State;
        return new ContainerDetails(
            dto.Id,
            (dto.Name ?? "").TrimStart('/'),
            config?.Image ?? "",
            dto.Image ?? "",
            ParseTimeOrNull(dto.Created) ?? DateTimeOffset.UnixEpoch,
            new ContainerState(
                state?.Status ?? "",
                state?.Running ?? false,
                state?.Paused ?? false,
                state?.ExitCode ?? 0,
                ParseTimeOrNull(state?.StartedAt),
                ParseTimeOrNull(state?.FinishedAt),
                state?.Health?.Status),
            config?.Tty ?? false,
            [.. config?.Entrypoint ?? [], .. config?.Cmd ?? []],
            config?.Env ?? [],
            config?.Labels ?? NoLabels,
            NullIfEmpty(config?.WorkingDir),
            NullIfEmpty(config?.User),
            NullIfEmpty(config?.Hostname),
            NullIfEmpty(dto.HostConfig?.NetworkMode),
            NullIfEmpty(dto.HostConfig?.RestartPolicy?.Name),
            dto.RestartCount,
            (dto.Mounts ?? []).Select(m => new ContainerMount(m.Type ?? "", NullIfEmpty(m.Name), NullIfEmpty(m.Source), m.Destination ?? "", m.RW)).ToList(),
            (dto.NetworkSettings?.Networks ?? []).Select(n => new ContainerNetwork(
                n.Key, NullIfEmpty(n.Value.NetworkID), NullIfEmpty(n.Value.IPAddress), n.Value.Aliases ?? [])).ToList());
    }

    public static EngineEvent ToEvent(DockerEventDto dto) => new(
        dto.Type ?? "",
        dto.Action ?? "",
        dto.Actor?.ID ?? "",
        dto.Actor?.Attributes ?? NoLabels,
        dto.TimeNano > 0
            ? DateTimeOffset.UnixEpoch.AddTicks(dto.TimeNano / 100)
            : DateTimeOffset.FromUnixTimeSeconds(dto.Time));

    /// <summary>Parses Docker's RFC 3339 times, which carry nanoseconds (.NET reads at most 7 digits).</summary>
    public static bool TryParseTime(string stamp, out DateTimeOffset parsed)
    {
        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < stamp.Length && char.IsAsciiDigit(stamp[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                stamp = stamp[..(dot + 8)] + stamp[end..];
            }
        }

        return DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed);
    }

    /// <summary>Unix seconds with a fraction, the form the API takes for <c>since</c>.</summary>
    public static string ToUnixSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.000", CultureInfo.InvariantCulture);

    // The engine reports "never" as year 1 (0001-01-01T00:00:00Z).
    private static DateTimeOffset? ParseTimeOrNull(string? stamp) =>
        stamp is { Length: > 0 } && TryParseTime(stamp, out var parsed) && parsed.Year > 1 ? parsed : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
