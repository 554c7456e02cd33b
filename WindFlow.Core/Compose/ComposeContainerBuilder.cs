using System.Globalization;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Compose;

/// <summary>
/// Turns a parsed service into engine terms, following docker compose's naming conventions so the
/// projects WindFlow creates look like the ones <c>docker compose</c> creates, and back.
/// </summary>
public static class ComposeContainerBuilder
{
    /// <summary>The key of the network services join when they name none.</summary>
    public const string DefaultNetworkKey = "default";

    /// <summary>
    /// The container to create for replica <paramref name="containerNumber"/> (from 1) of a service,
    /// labelled with compose's labels, the config hash and <paramref name="extraLabels"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The project has no service called <paramref name="serviceName"/>.</exception>
    public static ContainerCreateSpec Build(
        ComposeProject project,
        string projectName,
        string serviceName,
        int containerNumber,
        IReadOnlyDictionary<string, string> extraLabels)
    {
        ArgumentNullException.ThrowIfNull(extraLabels);
        ArgumentOutOfRangeException.ThrowIfLessThan(containerNumber, 1);
        var resolved = Resolve(project, projectName, serviceName);
        var labels = new SortedDictionary<string, string>(resolved.Labels.ToDictionary(), StringComparer.Ordinal)
        {
            [ComposeLabels.Project] = projectName,
            [ComposeLabels.Service] = serviceName,
            [ComposeLabels.ContainerNumber] = containerNumber.ToString(CultureInfo.InvariantCulture),
            [ComposeLabels.OneOff] = "False",
            [ComposeLabels.ConfigHash] = ComposeConfigHash.Of(resolved),
        };
        foreach (var (key, value) in extraLabels)
        {
            labels[key] = value;
        }

        var service = project.Services[serviceName];
        return resolved with { Name = ContainerName(projectName, service, containerNumber), Labels = labels };
    }

    /// <summary>The container name of a replica: <c>container_name</c>, or <c>{project}-{service}-{n}</c>.</summary>
    public static string ContainerName(string projectName, ComposeService service, int containerNumber)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.ContainerName ?? $"{projectName}-{service.Name}-{containerNumber}";
    }

    /// <summary>The engine name of a project network: its <c>name:</c>, the key when external, else <c>{project}_{key}</c>.</summary>
    public static string NetworkName(ComposeProject project, string projectName, string key)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Networks.TryGetValue(key, out var network)
            ? network.Name ?? (network.External ? key : $"{projectName}_{key}")
            : $"{projectName}_{key}";
    }

    /// <summary>The engine name of a named volume: its <c>name:</c>, the key when external, else <c>{project}_{key}</c>.</summary>
    public static string VolumeName(ComposeProject project, string projectName, string key)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Volumes.TryGetValue(key, out var volume)
            ? volume.Name ?? (volume.External ? key : $"{projectName}_{key}")
            : $"{projectName}_{key}";
    }

    /// <summary>
    /// The project's networks: every declared one, plus the implicit <c>default</c> network when a
    /// service uses it without declaring it.
    /// </summary>
    public static IReadOnlyList<ProjectNetwork> Networks(ComposeProject project, string projectName)
    {
        ArgumentNullException.ThrowIfNull(project);
        var result = new List<ProjectNetwork>();
        foreach (var network in project.Networks.Values)
        {
            var name = NetworkName(project, projectName, network.Key);
            var labels = new SortedDictionary<string, string>(network.Labels.ToDictionary(), StringComparer.Ordinal)
            {
                [ComposeLabels.Project] = projectName,
                [ComposeLabels.Network] = network.Key,
            };
            var create = network.External
                ? null
                : new NetworkCreate(name, network.Driver, network.Internal, network.Attachable, network.Ipam?.Config.FirstOrDefault(p => p.Subnet is not null)?.Subnet, labels);
            result.Add(new ProjectNetwork(network.Key, name, network.External, create));
        }

        if (!project.Networks.ContainsKey(DefaultNetworkKey) && project.Services.Values.Any(UsesDefaultNetwork))
        {
            var name = NetworkName(project, projectName, DefaultNetworkKey);
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [ComposeLabels.Project] = projectName,
                [ComposeLabels.Network] = DefaultNetworkKey,
            };
            result.Add(new ProjectNetwork(DefaultNetworkKey, name, false, new NetworkCreate(name, Labels: labels)));
        }

        return result;
    }

    /// <summary>The project's declared named volumes.</summary>
    public static IReadOnlyList<ProjectVolume> Volumes(ComposeProject project, string projectName)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Volumes.Values
            .Select(volume =>
            {
                var name = VolumeName(project, projectName, volume.Key);
                var labels = new SortedDictionary<string, string>(volume.Labels.ToDictionary(), StringComparer.Ordinal)
                {
                    [ComposeLabels.Project] = projectName,
                    [ComposeLabels.Volume] = volume.Key,
                };
                var options = volume.DriverOptions.Count == 0 ? null : new SortedDictionary<string, string>(volume.DriverOptions.ToDictionary(), StringComparer.Ordinal);
                var create = volume.External ? null : new VolumeCreate(name, volume.Driver, labels, options);
                return new ProjectVolume(volume.Key, name, volume.External, create);
            })
            .ToList();
    }

    private static bool UsesDefaultNetwork(ComposeService service) =>
        (service.NetworkMode is null && service.Networks.Count == 0) || service.Networks.Any(n => n.Name == DefaultNetworkKey);

    /// <summary>
    /// Everything about the service's containers that does not depend on the replica: the basis of
    /// the config hash. Name is the fixed container name or empty; labels are the user's only.
    /// </summary>
    internal static ContainerCreateSpec Resolve(ComposeProject project, string projectName, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentException.ThrowIfNullOrEmpty(projectName);
        if (!project.Services.TryGetValue(serviceName, out var service))
        {
            throw new ArgumentException($"The project has no service '{serviceName}'.", nameof(serviceName));
        }

        var memory = service.Deploy?.LimitMemoryBytes ?? service.MemLimitBytes;
        var cpus = service.Deploy?.LimitCpus ?? service.Cpus;
        return new ContainerCreateSpec
        {
            Name = service.ContainerName ?? "",
            Image = service.Image,
            Command = service.Command,
            Entrypoint = service.Entrypoint,
            Environment = service.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}").ToList(),
            Labels = new SortedDictionary<string, string>(service.Labels.ToDictionary(), StringComparer.Ordinal),
            User = service.User,
            WorkingDir = service.WorkingDir,
            Hostname = service.Hostname,
            Tty = service.Tty,
            OpenStdin = service.StdinOpen,
            StopSignal = service.StopSignal,
            StopTimeout = service.StopGracePeriod,
            Healthcheck = Healthcheck(service.Healthcheck),
            Ports = service.Ports.Select(p => new PortBindingSpec(p.Target, p.Protocol, p.HostIp, p.Published)).ToList(),
            Mounts = service.Volumes.Select(m => Mount(project, projectName, m)).ToList(),
            NetworkMode = NetworkMode(project, projectName, service.NetworkMode),
            Networks = Attachments(project, projectName, service),
            RestartPolicy = service.Restart,
            Privileged = service.Privileged,
            ReadOnlyRootFilesystem = service.ReadOnly,
            Init = service.Init,
            CapAdd = service.CapAdd,
            CapDrop = service.CapDrop,
            SecurityOpt = service.SecurityOpt,
            ExtraHosts = service.ExtraHosts,
            Dns = service.Dns,
            PidMode = service.Pid,
            IpcMode = service.Ipc,
            Logging = service.Logging is { } logging
                ? new LogConfigSpec(logging.Driver ?? "json-file", new SortedDictionary<string, string>(logging.Options.ToDictionary(), StringComparer.Ordinal))
                : null,
            Ulimits = service.Ulimits.Select(u => new UlimitSpec(u.Name, u.Soft, u.Hard)).ToList(),
            Sysctls = new SortedDictionary<string, string>(service.Sysctls.ToDictionary(), StringComparer.Ordinal),
            ShmSizeBytes = service.ShmSizeBytes,
            MemoryBytes = memory,
            MemoryReservationBytes = service.Deploy?.ReservationMemoryBytes,
            NanoCpus = cpus is { } c ? (long)Math.Round(c * 1_000_000_000) : null,
        };
    }

    private static ContainerHealthcheck? Healthcheck(ComposeHealthcheck? check) => check switch
    {
        null => null,
        { Disable: true } => new ContainerHealthcheck(["NONE"]),
        _ => new ContainerHealthcheck(check.Test ?? [], check.Interval, check.Timeout, check.Retries, check.StartPeriod, check.StartInterval),
    };

    private static MountSpec Mount(ComposeProject project, string projectName, ComposeMount mount) =>
        new(
            mount.Type,
            mount.Type == "volume" && mount.Source is not null ? VolumeName(project, projectName, mount.Source) : mount.Source,
            mount.Target,
            mount.ReadOnly,
            mount.TmpfsSizeBytes,
            mount.NoCopy);

    private static string? NetworkMode(ComposeProject project, string projectName, string? mode)
    {
        // service:NAME shares another service's network stack: the engine knows it as container:NAME.
        if (mode is not null && mode.StartsWith("service:", StringComparison.Ordinal)
            && project.Services.TryGetValue(mode["service:".Length..], out var other))
        {
            return $"container:{ContainerName(projectName, other, 1)}";
        }

        return mode;
    }

    private static List<NetworkAttachmentSpec> Attachments(ComposeProject project, string projectName, ComposeService service)
    {
        if (service.NetworkMode is not null)
        {
            return [];
        }

        var networks = service.Networks.Count > 0
            ? service.Networks
            : [new ComposeServiceNetwork(DefaultNetworkKey, [], null, service.Location)];
        return networks
            .Select(n => new NetworkAttachmentSpec(
                NetworkName(project, projectName, n.Name),
                n.Aliases.Prepend(service.Name).Distinct(StringComparer.Ordinal).ToList(),
                n.Ipv4Address))
            .ToList();
    }
}
