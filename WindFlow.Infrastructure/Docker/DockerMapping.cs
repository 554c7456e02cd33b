using System.Globalization;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>Maps the Engine API's wire shapes to Core's records.</summary>
internal static class DockerMapping
{
    private const long NanosecondsPerTick = 100;

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

    /// <summary>
    /// False for the all-zero sample the engine sends for a container that is not running (its read
    /// time is year 1); a stats stream keeps sending those forever once the container stopped.
    /// </summary>
    public static bool IsLiveSample(DockerStatsDto dto) => ParseTimeOrNull(dto.Read) is not null;

    /// <summary>A stats sample as <c>docker stats</c> shows it; <paramref name="now"/> stands in for a missing read time.</summary>
    public static ContainerStats ToStats(DockerStatsDto dto, DateTimeOffset now)
    {
        var blockIo = dto.BlkioStats?.IoServiceBytesRecursive ?? [];
        var networks = dto.Networks?.Values ?? (IEnumerable<DockerNetworkStatsDto>)[];
        return new ContainerStats(
            ParseTimeOrNull(dto.Read) ?? now,
            CpuPercent(dto.CpuStats, dto.PrecpuStats),
            ToLong(MemoryWithoutCache(dto.MemoryStats)),
            ToLong(dto.MemoryStats?.Limit ?? 0),
            ToLong(Total(networks.Select(n => n.RxBytes))),
            ToLong(Total(networks.Select(n => n.TxBytes))),
            ToLong(Total(blockIo.Where(e => string.Equals(e.Op, "read", StringComparison.OrdinalIgnoreCase)).Select(e => e.Value))),
            ToLong(Total(blockIo.Where(e => string.Equals(e.Op, "write", StringComparison.OrdinalIgnoreCase)).Select(e => e.Value))),
            (int)Math.Min(dto.PidsStats?.Current ?? 0, int.MaxValue));
    }

    /// <summary>CPU use between two readings, 100 per fully busy CPU, computed the way the docker CLI does.</summary>
    public static double CpuPercent(DockerCpuStatsDto? current, DockerCpuStatsDto? previous)
    {
        // Without a previous reading (first sample of a stream) the deltas would span the whole
        // uptime and show a meaningless average, so no figure is better than a wrong one.
        if (current is null || previous is null || previous.SystemCpuUsage == 0)
        {
            return 0;
        }

        var cpuDelta = (double)(current.CpuUsage?.TotalUsage ?? 0) - (previous.CpuUsage?.TotalUsage ?? 0);
        var systemDelta = (double)current.SystemCpuUsage - previous.SystemCpuUsage;
        // Kernels without online_cpus (older engines) still list one counter per CPU.
        double cpus = current.OnlineCpus > 0 ? current.OnlineCpus
            : current.CpuUsage?.PercpuUsage is { Count: > 0 } perCpu ? perCpu.Count
            : 1;
        return cpuDelta > 0 && systemDelta > 0 ? cpuDelta / systemDelta * cpus * 100.0 : 0;
    }

    // Page cache is reclaimable, so docker excludes it: total_inactive_file on cgroup v1, inactive_file on v2.
    private static ulong MemoryWithoutCache(DockerMemoryStatsDto? memory)
    {
        if (memory is null)
        {
            return 0;
        }

        var stats = memory.Stats;
        if (stats is not null && stats.TryGetValue("total_inactive_file", out var v1Cache) && v1Cache < memory.Usage)
        {
            return memory.Usage - v1Cache;
        }

        if (stats is not null && stats.TryGetValue("inactive_file", out var v2Cache) && v2Cache < memory.Usage)
        {
            return memory.Usage - v2Cache;
        }

        return memory.Usage;
    }

    public static ImageSummary ToImage(DockerImageDto dto) => new(
        dto.Id,
        // Dangling images are listed with placeholder names rather than none at all.
        (dto.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList(),
        (dto.RepoDigests ?? []).Where(d => d != "<none>@<none>").ToList(),
        dto.Size,
        DateTimeOffset.FromUnixTimeSeconds(dto.Created),
        dto.Labels ?? NoLabels);

    /// <summary>One line per removal, worded like the docker CLI: <c>untagged: x</c>, <c>deleted: sha256:...</c>.</summary>
    public static IEnumerable<string> ToRemovals(DockerImageDeleteDto dto)
    {
        if (!string.IsNullOrEmpty(dto.Untagged))
        {
            yield return "untagged: " + dto.Untagged;
        }

        if (!string.IsNullOrEmpty(dto.Deleted))
        {
            yield return "deleted: " + dto.Deleted;
        }
    }

    public static PullProgress ToPullProgress(DockerPullMessageDto dto)
    {
        var status = dto.Status ?? "";
        // "Pulling from repo" carries the tag in its id, not a layer.
        var layer = string.IsNullOrEmpty(dto.Id) || status.StartsWith("Pulling from ", StringComparison.Ordinal) ? null : dto.Id;
        var detail = dto.ProgressDetail;
        return new PullProgress(status, layer, detail?.Current, detail?.Total > 0 ? detail.Total : null);
    }

    /// <summary>
    /// The kind of a failure the engine reports inside a pull stream, where no HTTP status tells it:
    /// a missing image or tag (or one the registry hides behind "access denied") is NotFound.
    /// </summary>
    public static EngineErrorKind PullErrorKind(string message) =>
        message.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || message.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase)
        || message.Contains("pull access denied", StringComparison.OrdinalIgnoreCase)
            ? EngineErrorKind.NotFound
            : EngineErrorKind.Api;

    public static VolumeSummary ToVolume(DockerVolumeDto dto) => new(
        dto.Name,
        dto.Driver ?? "",
        NullIfEmpty(dto.Mountpoint),
        ParseTimeOrNull(dto.CreatedAt),
        dto.Labels ?? NoLabels,
        dto.Scope ?? "");

    public static NetworkSummary ToNetwork(DockerNetworkDto dto) => new(
        dto.Id,
        dto.Name ?? "",
        dto.Driver ?? "",
        dto.Scope ?? "",
        dto.Internal,
        dto.Attachable,
        ParseTimeOrNull(dto.Created),
        (dto.IPAM?.Config ?? []).Select(c => c.Subnet).OfType<string>().Where(s => s.Length > 0).ToList(),
        dto.Labels ?? NoLabels);

    public static NetworkDetails ToNetworkDetails(DockerNetworkDto dto) => new(
        ToNetwork(dto),
        (dto.Containers ?? []).Select(c => new NetworkContainer(
            c.Key, c.Value.Name ?? "", NullIfEmpty(c.Value.IPv4Address), NullIfEmpty(c.Value.MacAddress))).ToList(),
        dto.Options ?? NoLabels);

    public static ImageDetails ToImageDetails(DockerImageInspectDto dto) => new(
        dto.Id,
        (dto.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList(),
        (dto.RepoDigests ?? []).Where(d => d != "<none>@<none>").ToList());

    /// <summary>
    /// The body of <c>POST /containers/create</c>: the first network is attached here, the others are
    /// connected afterwards because engines before API 1.44 refuse more than one endpoint at creation.
    /// </summary>
    public static DockerContainerCreateDto ToCreateBody(ContainerCreateSpec spec)
    {
        var first = spec.Networks.Count > 0 ? spec.Networks[0] : null;
        var exposed = spec.Ports
            .Select(PortKey)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(key => key, _ => new DockerEmptyDto(), StringComparer.Ordinal);
        var bindings = spec.Ports
            .Where(p => p.HostPort is not null)
            .GroupBy(PortKey, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(p => new DockerPortBindingDto(NullIfEmpty(p.HostIp), p.HostPort)).ToList(),
                StringComparer.Ordinal);
        var hostConfig = new DockerCreateHostConfigDto(
            NullIfEmpty(bindings),
            NullIfEmpty(spec.Mounts.Select(ToMount).ToList()),
            NullIfEmpty(spec.NetworkMode) ?? first?.Name,
            ParseRestartPolicy(spec.RestartPolicy),
            spec.Privileged,
            spec.ReadOnlyRootFilesystem,
            spec.Init,
            NullIfEmpty(spec.CapAdd),
            NullIfEmpty(spec.CapDrop),
            NullIfEmpty(spec.SecurityOpt),
            NullIfEmpty(spec.ExtraHosts),
            NullIfEmpty(spec.Dns),
            NullIfEmpty(spec.PidMode),
            NullIfEmpty(spec.IpcMode),
            spec.Logging is { } log ? new DockerLogConfigDto(log.Driver, NullIfEmpty(log.Options.ToDictionary())) : null,
            NullIfEmpty(spec.Ulimits.Select(u => new DockerUlimitDto(u.Name, u.Soft, u.Hard)).ToList()),
            NullIfEmpty(spec.Sysctls.ToDictionary()),
            spec.ShmSizeBytes,
            spec.MemoryBytes,
            spec.MemoryReservationBytes,
            spec.NanoCpus);
        return new DockerContainerCreateDto(
            spec.Image,
            spec.Command?.ToList(),
            // An empty list (not [""]) clears the image's entrypoint and still lets a null Command keep
            // the image's CMD; the engine treats [""] as "no command either" and refuses to create.
            spec.Entrypoint?.ToList(),
            NullIfEmpty(spec.Environment),
            NullIfEmpty(spec.Labels.ToDictionary()),
            NullIfEmpty(spec.User),
            NullIfEmpty(spec.WorkingDir),
            NullIfEmpty(spec.Hostname),
            spec.Tty,
            spec.OpenStdin,
            NullIfEmpty(spec.StopSignal),
            spec.StopTimeout is { } stop ? (int)Math.Ceiling(stop.TotalSeconds) : null,
            spec.Healthcheck is { } health ? ToHealthcheck(health) : null,
            NullIfEmpty(exposed),
            hostConfig,
            first is null ? null : new DockerNetworkingConfigDto(new Dictionary<string, DockerEndpointSettingsDto> { [first.Name] = ToEndpoint(first) }));
    }

    public static DockerEndpointSettingsDto ToEndpoint(NetworkAttachmentSpec network) => new(
        NullIfEmpty(network.Aliases),
        NullIfEmpty(network.Ipv4Address) is { } address ? new DockerEndpointIpamDto(address) : null);

    /// <summary>
    /// <c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure</c> or <c>on-failure:N</c> as the
    /// API's name and retry count; null for null or empty (the engine's default, <c>no</c>).
    /// </summary>
    public static DockerRestartPolicySpecDto? ParseRestartPolicy(string? policy)
    {
        if (string.IsNullOrWhiteSpace(policy))
        {
            return null;
        }

        var colon = policy.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new DockerRestartPolicySpecDto(policy.Trim(), 0);
        }

        var name = policy[..colon].Trim();
        return name == "on-failure"
            && int.TryParse(policy[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var retries)
            ? new DockerRestartPolicySpecDto(name, retries)
            : throw new EngineException(
                EngineErrorKind.Api,
                $"Restart policy '{policy}' is not valid: use no, always, unless-stopped, on-failure or on-failure:N with N a whole number.");
    }

    /// <summary>A duration in the API's nanoseconds.</summary>
    public static long ToNanoseconds(TimeSpan duration) => duration.Ticks * NanosecondsPerTick;

    private static DockerHealthcheckDto ToHealthcheck(ContainerHealthcheck health) => new(
        health.Test.ToList(),
        health.Interval is { } interval ? ToNanoseconds(interval) : null,
        health.Timeout is { } timeout ? ToNanoseconds(timeout) : null,
        health.StartPeriod is { } startPeriod ? ToNanoseconds(startPeriod) : null,
        health.StartInterval is { } startInterval ? ToNanoseconds(startInterval) : null,
        health.Retries);

    private static DockerMountSpecDto ToMount(MountSpec mount) => new(
        mount.Type,
        NullIfEmpty(mount.Source),
        mount.Target,
        mount.ReadOnly,
        mount.NoCopy ? new DockerVolumeOptionsDto(NoCopy: true) : null,
        mount.TmpfsSizeBytes is { } size ? new DockerTmpfsOptionsDto(size) : null);

    private static string PortKey(PortBindingSpec port) =>
        string.Create(CultureInfo.InvariantCulture, $"{port.ContainerPort}/{(string.IsNullOrEmpty(port.Protocol) ? "tcp" : port.Protocol)}");

    private static List<T>? NullIfEmpty<T>(IReadOnlyCollection<T> items) => items.Count == 0 ? null : items.ToList();

    private static Dictionary<TKey, TValue>? NullIfEmpty<TKey, TValue>(Dictionary<TKey, TValue> items)
        where TKey : notnull => items.Count == 0 ? null : items;

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

    private static ulong Total(IEnumerable<ulong> values) => values.Aggregate(0UL, (sum, value) => sum + value);

    private static long ToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
