using System.Collections.Concurrent;
using WindFlow.Core.Compose;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Deployments.Engine;

/// <summary>What an apply created and ran, for the revision record and for clean-up on failure.</summary>
public sealed record ApplyOutcome(
    IReadOnlyDictionary<string, string> ImageIds,
    IReadOnlyList<string> CreatedNetworks,
    IReadOnlyList<string> CreatedVolumes);

/// <summary>
/// Applies a <see cref="DesiredProject"/> to one engine over its API, as <c>docker compose up -d
/// --remove-orphans</c> would: networks and volumes first, missing images pulled, then every
/// service converged as soon as the services it depends on meet their condition (independent
/// services in parallel), and finally every health check awaited.
/// </summary>
public sealed class ProjectApplier(IContainerEngine engine, RunReporter reporter, DeployEngineOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, string> _imageIds = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _createdNetworks = [];
    private readonly ConcurrentBag<string> _createdVolumes = [];

    /// <summary>Networks and volumes this applier created so far (kept even when it fails, for clean-up).</summary>
    public ApplyOutcome Outcome => new(_imageIds.ToDictionary(), _createdNetworks.ToList(), _createdVolumes.ToList());

    /// <summary>Runs the plan; throws <see cref="DeployFailedException"/> with the reason when a step fails.</summary>
    public async Task<ApplyOutcome> ApplyAsync(DesiredProject desired, ProjectPlan plan, CancellationToken cancellationToken)
    {
        await EnsureNetworksAsync(desired, cancellationToken);
        await EnsureVolumesAsync(desired, cancellationToken);
        await PullImagesAsync(desired, cancellationToken);

        var existing = await engine.ListContainersByLabelAsync(WindFlowLabels.ProjectFilter(desired.Name), cancellationToken);
        foreach (var orphan in plan.Services.Where(s => s.Action == ServiceAction.Remove))
        {
            reporter.Report(RunEventLevel.Info, orphan.Service, "removing", "Removing: no longer in the stack");
            await RemoveContainersAsync(ContainersOf(existing, orphan.Service), cancellationToken);
            reporter.Report(RunEventLevel.Info, orphan.Service, "removed", "Removed", 100);
        }

        // Each service starts as soon as its own dependencies are ready, like compose does: a
        // service task awaits the tasks of the services it depends on, so independent chains overlap.
        var started = new ConcurrentDictionary<string, Task<IReadOnlyList<string>>>(StringComparer.Ordinal);
        var services = desired.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var plans = plan.Services.ToDictionary(s => s.Service, StringComparer.Ordinal);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        Task<IReadOnlyList<string>> Start(string name) =>
            started.GetOrAdd(name, n => Task.Run(() => ConvergeAsync(services[n], plans[n], existing, Start, failed.Token), failed.Token));

        var all = desired.Services.Select(s => Start(s.Name)).ToList();
        IReadOnlyList<string>[] containers;
        try
        {
            containers = await Task.WhenAll(all);
        }
        catch
        {
            await failed.CancelAsync();
            // WindFlow stopping is not a failed deploy: the run stays in progress and is resumed.
            cancellationToken.ThrowIfCancellationRequested();
            throw FirstFailure(all) ?? new DeployFailedException("The deploy was cancelled.");
        }

        await WaitForHealthAsync(desired, containers, cancellationToken);
        return Outcome;
    }

    private async Task<IReadOnlyList<string>> ConvergeAsync(
        DesiredService service,
        ServicePlan plan,
        IReadOnlyList<ContainerSummary> existing,
        Func<string, Task<IReadOnlyList<string>>> start,
        CancellationToken cancellationToken)
    {
        foreach (var (dependency, condition) in service.DependsOn)
        {
            reporter.Report(RunEventLevel.Info, service.Name, "waiting", $"Waiting for {dependency} ({Describe(condition)})", 10);
            var containers = await start(dependency);
            await WaitForConditionAsync(dependency, containers, condition, cancellationToken);
        }

        var current = ContainersOf(existing, service.Name);
        switch (plan.Action)
        {
            case ServiceAction.Unchanged:
                reporter.Report(RunEventLevel.Info, service.Name, "running", "Up to date", 100);
                return current.Select(c => c.Id).ToList();
            case ServiceAction.Start:
                foreach (var container in current.Where(c => c.State != "running"))
                {
                    await engine.StartContainerAsync(container.Id, cancellationToken);
                }

                reporter.Report(RunEventLevel.Info, service.Name, "running", "Started", 100);
                return current.Select(c => c.Id).ToList();
            case ServiceAction.Recreate:
                reporter.Report(RunEventLevel.Info, service.Name, "removing", $"Replacing {current.Count} container(s): {plan.Reason}", 30);
                await RemoveContainersAsync(current, cancellationToken);
                return await CreateReplicasAsync(service, Enumerable.Range(1, service.Replicas), [], cancellationToken);
            default:
                // Create, or Scale: keep the numbers that exist and fit, add the missing ones, drop the rest.
                var keep = current.Where(c => Number(c) is { } n && n <= service.Replicas).ToList();
                await RemoveContainersAsync(current.Except(keep).ToList(), cancellationToken);
                var missing = Enumerable.Range(1, service.Replicas).Where(n => keep.All(c => Number(c) != n));
                return await CreateReplicasAsync(service, missing, keep, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<string>> CreateReplicasAsync(
        DesiredService service, IEnumerable<int> numbers, IReadOnlyList<ContainerSummary> kept, CancellationToken cancellationToken)
    {
        var ids = kept.Select(c => c.Id).ToList();
        foreach (var container in kept.Where(c => c.State != "running"))
        {
            await engine.StartContainerAsync(container.Id, cancellationToken);
        }

        foreach (var number in numbers)
        {
            var spec = service.Spec(number);
            reporter.Report(RunEventLevel.Info, service.Name, "creating", $"Creating {spec.Name}", 50);
            string id;
            try
            {
                id = await engine.CreateContainerAsync(spec, cancellationToken);
            }
            catch (EngineException ex)
            {
                throw new DeployFailedException($"{service.Name}: could not create {spec.Name}: {ex.Message}", service.Name, ex);
            }

            ids.Add(id);
            reporter.Report(RunEventLevel.Info, service.Name, "starting", $"Starting {spec.Name}", 70);
            try
            {
                await engine.StartContainerAsync(id, cancellationToken);
            }
            catch (EngineException ex)
            {
                throw new DeployFailedException($"{service.Name}: {spec.Name} did not start: {ex.Message}", service.Name, ex);
            }
        }

        reporter.Report(RunEventLevel.Info, service.Name, "started", $"Started {ids.Count} container(s)", 80);
        return ids;
    }

    private async Task WaitForConditionAsync(string service, IReadOnlyList<string> containers, DependencyCondition condition, CancellationToken cancellationToken)
    {
        foreach (var id in containers)
        {
            switch (condition)
            {
                case DependencyCondition.Healthy:
                    await WaitHealthyAsync(service, id, requireHealthcheck: true, cancellationToken);
                    break;
                case DependencyCondition.CompletedSuccessfully:
                    await WaitCompletedAsync(service, id, cancellationToken);
                    break;
            }
        }
    }

    private async Task WaitForHealthAsync(DesiredProject desired, IReadOnlyList<IReadOnlyList<string>> containersByService, CancellationToken cancellationToken)
    {
        var waits = desired.Services.Zip(containersByService).Select(async pair =>
        {
            var (service, containers) = pair;
            foreach (var id in containers)
            {
                var healthy = await WaitHealthyAsync(service.Name, id, requireHealthcheck: false, cancellationToken);
                var details = await engine.InspectContainerAsync(id, cancellationToken);
                _imageIds[service.Name] = details.ImageId;
                if (healthy)
                {
                    reporter.Report(RunEventLevel.Info, service.Name, "healthy", $"{details.Name} is healthy", 100);
                }
            }

            if (containers.Count > 0)
            {
                reporter.Report(RunEventLevel.Info, service.Name, "running", "Running", 100);
            }
        });
        await Task.WhenAll(waits);
    }

    // Returns true when the container has a health check and passed it; false when it has none.
    private async Task<bool> WaitHealthyAsync(string service, string id, bool requireHealthcheck, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.HealthTimeout;
        var announced = false;
        while (true)
        {
            var details = await engine.InspectContainerAsync(id, cancellationToken);
            var state = details.State;
            if (state.Health is null)
            {
                if (requireHealthcheck)
                {
                    throw new DeployFailedException($"{service} has no health check, but another service waits for it to be healthy (depends_on condition service_healthy).", service);
                }

                if (!state.Running && state.ExitCode != 0)
                {
                    throw new DeployFailedException($"{details.Name} exited with code {state.ExitCode}.{await LastLinesAsync(id, cancellationToken)}", service);
                }

                return false;
            }

            if (state.Health == "healthy")
            {
                return true;
            }

            if (state.Health == "unhealthy" || !state.Running)
            {
                var why = state.Running ? "is unhealthy" : $"exited with code {state.ExitCode} before becoming healthy";
                throw new DeployFailedException($"{details.Name} {why}.{await LastLinesAsync(id, cancellationToken)}", service);
            }

            if (clock.GetUtcNow() >= deadline)
            {
                throw new DeployFailedException($"{details.Name} was not healthy after {options.HealthTimeout.TotalSeconds:0} s (health check still starting).", service);
            }

            if (!announced)
            {
                reporter.Report(RunEventLevel.Info, service, "health", $"Waiting for {details.Name} to be healthy", 90);
                announced = true;
            }

            await Task.Delay(options.PollInterval, clock, cancellationToken);
        }
    }

    private async Task WaitCompletedAsync(string service, string id, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HealthTimeout);
        int exitCode;
        try
        {
            exitCode = await engine.WaitContainerAsync(id, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeployFailedException($"{service} did not finish within {options.HealthTimeout.TotalSeconds:0} s, and another service waits for it to complete.", service);
        }

        if (exitCode != 0)
        {
            throw new DeployFailedException($"{service} exited with code {exitCode}, and another service needs it to complete successfully.{await LastLinesAsync(id, cancellationToken)}", service);
        }
    }

    private async Task<string> LastLinesAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var lines = new List<string>();
            await foreach (var line in engine.StreamLogsAsync(id, new ContainerLogOptions(Tail: 5), cancellationToken))
            {
                lines.Add(line.Text);
            }

            return lines.Count == 0 ? "" : " Last log lines: " + string.Join(" | ", lines);
        }
        catch (EngineException)
        {
            return "";
        }
    }

    private async Task EnsureNetworksAsync(DesiredProject desired, CancellationToken cancellationToken)
    {
        if (desired.Networks.Count == 0)
        {
            return;
        }

        var present = (await engine.ListNetworksAsync(cancellationToken)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var network in desired.Networks)
        {
            if (present.Contains(network.EngineName))
            {
                continue;
            }

            if (network.External)
            {
                throw new DeployFailedException($"The external network {network.EngineName} does not exist on the target; create it first.");
            }

            reporter.Info($"Creating network {network.EngineName}");
            await engine.CreateNetworkAsync(network.Create, cancellationToken);
            _createdNetworks.Add(network.EngineName);
        }
    }

    private async Task EnsureVolumesAsync(DesiredProject desired, CancellationToken cancellationToken)
    {
        if (desired.Volumes.Count == 0)
        {
            return;
        }

        var present = (await engine.ListVolumesAsync(cancellationToken)).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var volume in desired.Volumes)
        {
            if (present.Contains(volume.EngineName))
            {
                continue;
            }

            if (volume.External)
            {
                throw new DeployFailedException($"The external volume {volume.EngineName} does not exist on the target; create it first.");
            }

            reporter.Info($"Creating volume {volume.EngineName}");
            await engine.CreateVolumeAsync(volume.Create, cancellationToken);
            _createdVolumes.Add(volume.EngineName);
        }
    }

    private async Task PullImagesAsync(DesiredProject desired, CancellationToken cancellationToken)
    {
        var pulls = desired.Services
            .GroupBy(s => s.Image, StringComparer.Ordinal)
            .Select(async group =>
            {
                var policy = group.First().PullPolicy;
                var present = await engine.InspectImageAsync(group.Key, cancellationToken) is not null;
                if (present && policy != "always")
                {
                    return;
                }

                if (!present && policy == "never")
                {
                    throw new DeployFailedException($"Image {group.Key} is not on the target and pull_policy is never.", group.First().Name);
                }

                await PullAsync(group.Key, group.Select(s => s.Name).ToList(), cancellationToken);
            });
        await Task.WhenAll(pulls);
    }

    private async Task PullAsync(string image, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        foreach (var service in services)
        {
            reporter.Report(RunEventLevel.Info, service, "pulling", $"Pulling {image}", 0);
        }

        var layers = new Dictionary<string, (long Current, long Total)>(StringComparer.Ordinal);
        var lastTick = DateTimeOffset.MinValue;
        try
        {
            await foreach (var progress in engine.PullImageAsync(image, cancellationToken))
            {
                if (progress.LayerId is null || progress.Total is not > 0)
                {
                    continue;
                }

                layers[progress.LayerId] = (progress.Current ?? 0, progress.Total.Value);
                var now = clock.GetUtcNow();
                if (now - lastTick < TimeSpan.FromMilliseconds(200))
                {
                    continue;
                }

                lastTick = now;
                var percent = (int)(layers.Values.Sum(l => l.Current) * 100 / Math.Max(1, layers.Values.Sum(l => l.Total)));
                foreach (var service in services)
                {
                    reporter.Progress(service, "pulling", $"Pulling {image}: {layers.Count} layer(s), {percent}%", percent * 40 / 100);
                }
            }
        }
        catch (EngineException ex)
        {
            throw new DeployFailedException($"Pulling {image} failed: {ex.Message}", services[0], ex);
        }

        foreach (var service in services)
        {
            reporter.Report(RunEventLevel.Info, service, "pulled", $"Pulled {image}", 40);
        }
    }

    private async Task RemoveContainersAsync(IReadOnlyList<ContainerSummary> containers, CancellationToken cancellationToken)
    {
        await Task.WhenAll(containers.Select(async c =>
        {
            if (c.State == "running")
            {
                // No timeout: the engine then uses the container's own (compose's stop_grace_period), else 10 s.
                await engine.StopContainerAsync(c.Id, timeout: null, cancellationToken);
            }

            await engine.RemoveContainerAsync(c.Id, force: true, removeVolumes: false, cancellationToken);
        }));
    }

    private static List<ContainerSummary> ContainersOf(IReadOnlyList<ContainerSummary> containers, string service) =>
        containers
            .Where(c => c.Labels.GetValueOrDefault(ComposeLabels.Service) == service && !string.Equals(c.Labels.GetValueOrDefault(ComposeLabels.OneOff), "True", StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => Number(c) ?? int.MaxValue)
            .ToList();

    private static int? Number(ContainerSummary container) =>
        int.TryParse(container.Labels.GetValueOrDefault(ComposeLabels.ContainerNumber), out var n) ? n : null;

    private static string Describe(DependencyCondition condition) => condition switch
    {
        DependencyCondition.Healthy => "healthy",
        DependencyCondition.CompletedSuccessfully => "completed successfully",
        _ => "started",
    };

    private static Exception? FirstFailure(IEnumerable<Task> tasks) =>
        tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).FirstOrDefault(e => e is DeployFailedException or EngineException) switch
        {
            DeployFailedException deploy => deploy,
            EngineException engine => new DeployFailedException(engine.Message, null, engine),
            _ => tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).FirstOrDefault(),
        };
}
