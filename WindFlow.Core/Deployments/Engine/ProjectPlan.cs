using WindFlow.Core.Compose;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Deployments.Engine;

/// <summary>What applying a project will do to one service.</summary>
public enum ServiceAction
{
    /// <summary>No container yet: create and start.</summary>
    Create,

    /// <summary>The configuration changed: replace the containers.</summary>
    Recreate,

    /// <summary>Same configuration, another replica count: add or remove containers.</summary>
    Scale,

    /// <summary>Same configuration but stopped: start.</summary>
    Start,

    /// <summary>Nothing to do.</summary>
    Unchanged,

    /// <summary>No longer in the project: stop and remove (orphan).</summary>
    Remove,
}

/// <summary>The plan for one service, with the reason in words.</summary>
public sealed record ServicePlan(string Service, ServiceAction Action, string Reason, int ExistingContainers, int DesiredContainers);

/// <summary>The plan for a whole project, computed against what runs on the engine.</summary>
public sealed record ProjectPlan(IReadOnlyList<ServicePlan> Services)
{
    /// <summary>True when applying would change anything.</summary>
    public bool HasChanges => Services.Any(s => s.Action != ServiceAction.Unchanged);

    /// <summary>
    /// Compares <paramref name="desired"/> with the project's existing containers (one-off ones ignored):
    /// a different config hash recreates, a different count scales, stopped containers start, services
    /// no longer declared are removed.
    /// </summary>
    public static ProjectPlan Compute(DesiredProject desired, IReadOnlyList<ContainerSummary> existing)
    {
        var byService = existing
            .Where(c => !IsOneOff(c) && c.Labels.ContainsKey(ComposeLabels.Service))
            .GroupBy(c => c.Labels[ComposeLabels.Service], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var plans = new List<ServicePlan>();
        foreach (var service in desired.Services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var containers = byService.GetValueOrDefault(service.Name) ?? [];
            plans.Add(PlanService(service, containers));
        }

        foreach (var (name, containers) in byService.Where(p => desired.Services.All(s => s.Name != p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            plans.Add(new ServicePlan(name, ServiceAction.Remove, "no longer in the stack", containers.Count, 0));
        }

        return new ProjectPlan(plans);
    }

    private static ServicePlan PlanService(DesiredService service, List<ContainerSummary> containers)
    {
        if (containers.Count == 0)
        {
            return new ServicePlan(service.Name, ServiceAction.Create, "new service", 0, service.Replicas);
        }

        if (containers.Any(c => c.Labels.GetValueOrDefault(ComposeLabels.ConfigHash) != service.ConfigHash))
        {
            var image = containers.Any(c => c.Image != service.Image) ? $" (image {containers[0].Image} -> {service.Image})" : "";
            return new ServicePlan(service.Name, ServiceAction.Recreate, "configuration changed" + image, containers.Count, service.Replicas);
        }

        if (containers.Count != service.Replicas)
        {
            return new ServicePlan(service.Name, ServiceAction.Scale, $"{containers.Count} -> {service.Replicas} containers", containers.Count, service.Replicas);
        }

        if (containers.Any(c => c.State != "running" && !ExitedCleanly(c)))
        {
            return new ServicePlan(service.Name, ServiceAction.Start, "stopped", containers.Count, service.Replicas);
        }

        return new ServicePlan(service.Name, ServiceAction.Unchanged, "up to date", containers.Count, service.Replicas);
    }

    // A one-shot service (a migration) that exited 0 is done, not stopped.
    private static bool ExitedCleanly(ContainerSummary container) =>
        container.State == "exited" && container.Status.StartsWith("Exited (0)", StringComparison.Ordinal);

    private static bool IsOneOff(ContainerSummary container) =>
        string.Equals(container.Labels.GetValueOrDefault(ComposeLabels.OneOff), "True", StringComparison.OrdinalIgnoreCase);
}
