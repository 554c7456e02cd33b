namespace WindFlow.Core.Compose;

/// <summary>A parsed compose file: services, and the project's networks and volumes by their compose key.</summary>
/// <param name="Name">The top-level <c>name</c>, when given.</param>
/// <param name="Services">Services by name, in file order.</param>
/// <param name="Networks">Top-level networks by key.</param>
/// <param name="Volumes">Top-level volumes by key.</param>
public sealed record ComposeProject(
    string? Name,
    IReadOnlyDictionary<string, ComposeService> Services,
    IReadOnlyDictionary<string, ComposeNetwork> Networks,
    IReadOnlyDictionary<string, ComposeVolume> Volumes);

/// <summary>A top-level network.</summary>
/// <param name="Key">The key under <c>networks:</c>.</param>
/// <param name="Name">Explicit engine name (<c>name:</c>), used as is instead of <c>{project}_{key}</c>.</param>
/// <param name="Driver">Network driver (<c>bridge</c>, <c>overlay</c>...); null: the engine's default.</param>
/// <param name="DriverOptions">Driver options.</param>
/// <param name="External">Created outside the project: never created nor removed by WindFlow.</param>
/// <param name="Internal">No route to the outside world.</param>
/// <param name="Attachable">Standalone containers may attach (overlay networks).</param>
/// <param name="Labels">Labels on the network.</param>
/// <param name="Ipam">Address management, when given.</param>
/// <param name="Location">Where the network's key is.</param>
public sealed record ComposeNetwork(
    string Key,
    string? Name,
    string? Driver,
    IReadOnlyDictionary<string, string> DriverOptions,
    bool External,
    bool Internal,
    bool Attachable,
    IReadOnlyDictionary<string, string> Labels,
    ComposeIpam? Ipam,
    ComposeLocation Location);

/// <summary>IP address management of a network.</summary>
/// <param name="Driver">IPAM driver; null: <c>default</c>.</param>
/// <param name="Config">Address pools.</param>
public sealed record ComposeIpam(string? Driver, IReadOnlyList<ComposeIpamPool> Config);

/// <summary>One address pool of a network.</summary>
/// <param name="Subnet">Subnet in CIDR form.</param>
/// <param name="Gateway">Gateway address.</param>
public sealed record ComposeIpamPool(string? Subnet, string? Gateway);

/// <summary>A top-level (named) volume.</summary>
/// <param name="Key">The key under <c>volumes:</c>.</param>
/// <param name="Name">Explicit engine name (<c>name:</c>), used as is instead of <c>{project}_{key}</c>.</param>
/// <param name="Driver">Volume driver; null: <c>local</c>.</param>
/// <param name="DriverOptions">Driver options.</param>
/// <param name="External">Created outside the project: never created nor removed by WindFlow.</param>
/// <param name="Labels">Labels on the volume.</param>
/// <param name="Location">Where the volume's key is.</param>
public sealed record ComposeVolume(
    string Key,
    string? Name,
    string? Driver,
    IReadOnlyDictionary<string, string> DriverOptions,
    bool External,
    IReadOnlyDictionary<string, string> Labels,
    ComposeLocation Location);
