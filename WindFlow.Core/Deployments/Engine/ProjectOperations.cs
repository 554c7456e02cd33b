using WindFlow.Core.Compose;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Deployments.Engine;

/// <summary>Start, stop, restart and remove a whole compose project, found by its project label.</summary>
public sealed class ProjectOperations(IContainerEngine engine, RunReporter reporter)
{
    /// <summary>The project's containers, one-off ones excluded.</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ContainersAsync(string project, CancellationToken cancellationToken) =>
        (await engine.ListContainersByLabelAsync(WindFlowLabels.ProjectFilter(project), cancellationToken))
            .Where(c => !string.Equals(c.Labels.GetValueOrDefault(ComposeLabels.OneOff), "True", StringComparison.OrdinalIgnoreCase))
            .ToList();

    /// <summary>Starts every stopped container, services in dependency order when <paramref name="order"/> is given.</summary>
    public async Task StartAsync(string project, IReadOnlyList<IReadOnlyList<string>>? order, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(project, cancellationToken);
        foreach (var level in Levels(containers, order))
        {
            await Task.WhenAll(level.Where(c => c.State != "running").Select(async c =>
            {
                await engine.StartContainerAsync(c.Id, cancellationToken);
                reporter.Report(RunEventLevel.Info, ServiceOf(c), "running", $"Started {c.Name}", 100);
            }));
        }
    }

    /// <summary>Stops every running container, dependents first.</summary>
    public async Task StopAsync(string project, IReadOnlyList<IReadOnlyList<string>>? order, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(project, cancellationToken);
        foreach (var level in Enumerable.Reverse(Levels(containers, order)))
        {
            await Task.WhenAll(level.Where(c => c.State is "running" or "paused" or "restarting").Select(async c =>
            {
                // No timeout: the engine then uses the container's own (compose's stop_grace_period), else 10 s.
                await engine.StopContainerAsync(c.Id, timeout: null, cancellationToken);
                reporter.Report(RunEventLevel.Info, ServiceOf(c), "stopped", $"Stopped {c.Name}", 100);
            }));
        }
    }

    /// <summary>Removes every container, then the project's networks and, unless kept, its volumes.</summary>
    public async Task RemoveAsync(string project, bool removeVolumes, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(project, cancellationToken);
        await Task.WhenAll(containers.Select(async c =>
        {
            await engine.RemoveContainerAsync(c.Id, force: true, removeVolumes: false, cancellationToken);
            reporter.Report(RunEventLevel.Info, ServiceOf(c), "removed", $"Removed {c.Name}", 100);
        }));

        foreach (var network in (await engine.ListNetworksAsync(cancellationToken)).Where(n => n.Labels.GetValueOrDefault(ComposeLabels.Project) == project))
        {
            await engine.RemoveNetworkAsync(network.Id, cancellationToken);
            reporter.Info($"Removed network {network.Name}");
        }

        if (removeVolumes)
        {
            foreach (var volume in (await engine.ListVolumesAsync(cancellationToken)).Where(v => v.Labels.GetValueOrDefault(ComposeLabels.Project) == project))
            {
                await engine.RemoveVolumeAsync(volume.Name, force: true, cancellationToken);
                reporter.Info($"Removed volume {volume.Name}");
            }
        }
    }

    /// <summary>Removes exactly the networks and volumes named (what a failed first deploy created).</summary>
    public async Task RemoveCreatedAsync(IReadOnlyList<string> networks, IReadOnlyList<string> volumes, CancellationToken cancellationToken)
    {
        foreach (var network in networks)
        {
            await engine.RemoveNetworkAsync(network, cancellationToken);
            reporter.Info($"Removed network {network}");
        }

        foreach (var volume in volumes)
        {
            await engine.RemoveVolumeAsync(volume, force: true, cancellationToken);
            reporter.Info($"Removed volume {volume}");
        }
    }

    private static string? ServiceOf(ContainerSummary container) => container.Labels.GetValueOrDefault(ComposeLabels.Service);

    // Containers grouped by dependency level; services the order does not know (orphans) go last.
    private static List<List<ContainerSummary>> Levels(IReadOnlyList<ContainerSummary> containers, IReadOnlyList<IReadOnlyList<string>>? order)
    {
        if (order is null)
        {
            return [containers.ToList()];
        }

        var levels = order.Select(level => containers.Where(c => level.Contains(ServiceOf(c) ?? "")).ToList()).ToList();
        levels.Add(containers.Where(c => order.All(level => !level.Contains(ServiceOf(c) ?? ""))).ToList());
        return levels;
    }
}
