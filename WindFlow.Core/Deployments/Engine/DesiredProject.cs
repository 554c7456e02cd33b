using WindFlow.Core.Targets;

namespace WindFlow.Core.Deployments.Engine;

/// <summary>What a service waits for from a service it depends on before it starts.</summary>
public enum DependencyCondition
{
    /// <summary>The dependency's containers were started.</summary>
    Started,

    /// <summary>The dependency's containers report healthy.</summary>
    Healthy,

    /// <summary>The dependency's containers exited with code 0.</summary>
    CompletedSuccessfully,
}

/// <summary>A compose project resolved for one deploy: engine names, container specs and config hashes.</summary>
/// <param name="Name">The compose project name.</param>
/// <param name="Services">The services, in any order.</param>
/// <param name="Networks">Networks the services use.</param>
/// <param name="Volumes">Named volumes the services use.</param>
public sealed record DesiredProject(
    string Name,
    IReadOnlyList<DesiredService> Services,
    IReadOnlyList<DesiredNetwork> Networks,
    IReadOnlyList<DesiredVolume> Volumes);

/// <summary>One service of a <see cref="DesiredProject"/>.</summary>
/// <param name="Name">Service name.</param>
/// <param name="Replicas">How many containers.</param>
/// <param name="Image">Image reference the containers are created from.</param>
/// <param name="PullPolicy"><c>missing</c> (default), <c>always</c> or <c>never</c>.</param>
/// <param name="DependsOn">Services it waits for, with the condition.</param>
/// <param name="ConfigHash">Hash of everything that shapes its containers; a change means recreate.</param>
/// <param name="Spec">The create request of replica N (1-based).</param>
public sealed record DesiredService(
    string Name,
    int Replicas,
    string Image,
    string PullPolicy,
    IReadOnlyDictionary<string, DependencyCondition> DependsOn,
    string ConfigHash,
    Func<int, ContainerCreateSpec> Spec);

/// <summary>A network of the project: created unless external.</summary>
public sealed record DesiredNetwork(string EngineName, bool External, NetworkCreate Create);

/// <summary>A named volume of the project: created unless external.</summary>
public sealed record DesiredVolume(string EngineName, bool External, VolumeCreate Create);
