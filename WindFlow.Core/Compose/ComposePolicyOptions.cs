namespace WindFlow.Core.Compose;

/// <summary>
/// An organisation's policy on dangerous compose keys. Everything that gives a container power over
/// its host is blocked by default; an admin can allow each one.
/// </summary>
public sealed record ComposePolicyOptions
{
    /// <summary>The default host path base for bind mounts.</summary>
    public const string DefaultHostPathBase = "/srv/windflow";

    /// <summary>Allow <c>privileged: true</c>.</summary>
    public bool AllowPrivileged { get; init; }

    /// <summary>Allow <c>pid: host</c>.</summary>
    public bool AllowHostPid { get; init; }

    /// <summary>Allow <c>ipc: host</c>.</summary>
    public bool AllowHostIpc { get; init; }

    /// <summary>Allow binding the Docker socket (or a directory holding it), which gives root on the host.</summary>
    public bool AllowDockerSocket { get; init; }

    /// <summary>Allow <c>network_mode: host</c> (allowed by default: many real stacks need it).</summary>
    public bool AllowHostNetwork { get; init; } = true;

    /// <summary>
    /// Bind mount sources must lie under this absolute host directory. Null allows no bind mount at
    /// all (the safe reading of "no base configured"); to allow any path, set <c>/</c>.
    /// </summary>
    public string? AllowedHostPathBase { get; init; } = DefaultHostPathBase;
}
