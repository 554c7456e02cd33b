namespace WindFlow.Core.Compose;

/// <summary>Checks that need the whole file: references between services, networks and volumes.</summary>
internal static class ComposeCrossChecks
{
    public static void Check(ComposeProject project, ComposeReader reader)
    {
        foreach (var service in project.Services.Values)
        {
            var path = $"services.{service.Name}";
            foreach (var dependency in service.DependsOn.Where(d => !project.Services.ContainsKey(d.Service)))
            {
                reader.Error(dependency.Location, $"{path}.depends_on", $"'{dependency.Service}' is not a service of this file");
            }

            foreach (var network in service.Networks.Where(n => n.Name != "default" && !project.Networks.ContainsKey(n.Name)))
            {
                reader.Error(network.Location, $"{path}.networks", $"network '{network.Name}' is not declared under the top-level 'networks'");
            }

            foreach (var mount in service.Volumes.Where(m => m.Type == "volume" && m.Source is not null && !project.Volumes.ContainsKey(m.Source)))
            {
                reader.Error(mount.Location, $"{path}.volumes", $"volume '{mount.Source}' is not declared under the top-level 'volumes'");
            }

            if (service.ContainerName is not null && service.Deploy?.Replicas > 1)
            {
                reader.Error(service.LocationOf("container_name"), $"{path}.container_name", $"container_name '{service.ContainerName}' cannot be used with deploy.replicas {service.Deploy.Replicas}: container names are unique; remove one of them");
            }

            if (service.NetworkMode is { } mode && mode.StartsWith("service:", StringComparison.Ordinal) && !project.Services.ContainsKey(mode["service:".Length..]))
            {
                reader.Error(service.LocationOf("network_mode"), $"{path}.network_mode", $"'{mode["service:".Length..]}' is not a service of this file");
            }

            if (service.NetworkMode is not null && service.Networks.Count > 0)
            {
                reader.Error(service.LocationOf("network_mode"), $"{path}.network_mode", "network_mode and networks cannot be used together; keep one of them");
            }
        }

        foreach (var cycle in ComposeOrder.Cycles(project))
        {
            var first = project.Services[cycle[0]];
            var location = first.DependsOn.FirstOrDefault(d => d.Service == cycle[1 % cycle.Count])?.Location ?? first.LocationOf("network_mode");
            reader.Error(location, $"services.{first.Name}.depends_on", $"services {string.Join(", ", cycle.Order(StringComparer.Ordinal))} depend on each other in a cycle ({string.Join(" -> ", cycle.Append(cycle[0]))}); remove one of these depends_on entries");
        }
    }
}
