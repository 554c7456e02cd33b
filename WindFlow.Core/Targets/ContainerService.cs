using WindFlow.Core.Auditing;
using WindFlow.Core.Organizations;

namespace WindFlow.Core.Targets;

/// <summary>A lifecycle action on a container.</summary>
public enum ContainerAction
{
    /// <summary>Start a created or stopped container.</summary>
    Start,

    /// <summary>Stop gracefully (SIGTERM, then SIGKILL after the grace period).</summary>
    Stop,

    /// <summary>Stop then start.</summary>
    Restart,

    /// <summary>Send SIGKILL.</summary>
    Kill,

    /// <summary>Freeze every process.</summary>
    Pause,

    /// <summary>Thaw a paused container.</summary>
    Unpause,
}

/// <summary>A container and the target it runs on.</summary>
public sealed record TargetContainer(Guid TargetId, string TargetName, ContainerSummary Container);

/// <summary>A target the global list could not read, and why.</summary>
/// <param name="TargetId">The target.</param>
/// <param name="TargetName">Its name.</param>
/// <param name="Message">Why it is not listed.</param>
/// <param name="TimedOut">
/// True when the target was merely slow (it did not answer within the list's per-target wait), so
/// asking it again without that limit may still succeed; false when it answered with an error.
/// </param>
public sealed record TargetFailure(Guid TargetId, string TargetName, string Message, bool TimedOut = false);

/// <summary>A target as a list names it.</summary>
public sealed record TargetName(Guid Id, string Name);

/// <summary>The containers of every target; targets that did not answer are listed apart, not hidden.</summary>
/// <param name="Containers">Containers of the targets that answered, newest first.</param>
/// <param name="Failures">Targets that did not answer, with the reason.</param>
/// <param name="Targets">Every target asked, including those without containers.</param>
public sealed record AllContainers(IReadOnlyList<TargetContainer> Containers, IReadOnlyList<TargetFailure> Failures, IReadOnlyList<TargetName> Targets);

/// <summary>Lists, inspects and drives containers on targets; the API and the UI both go through it.</summary>
public sealed class ContainerService(ITargetStore store, TargetEngines engines, AccessGuard guard, AuditTrail audit)
{
    // One dead host must not hold the global list back: it is reported after this long instead.
    private static readonly TimeSpan PerTargetTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Every container (running or not) of every target, newest first.</summary>
    public async Task<AllContainers> ListAllAsync(CancellationToken cancellationToken)
    {
        var visible = await guard.ListFilterAsync(Resource.Container, cancellationToken);
        var targets = (await store.ListAsync(cancellationToken)).Where(t => visible(t.OrganizationId)).ToList();
        var lists = await Task.WhenAll(targets.Select(target => ListOneAsync(target, cancellationToken)));
        var containers = lists.SelectMany(l => l.Containers).OrderByDescending(c => c.Container.Created).ToList();
        return new AllContainers(
            containers,
            lists.Where(l => l.Failure is not null).Select(l => l.Failure!).ToList(),
            targets.Select(t => new TargetName(t.Id, t.Name)).ToList());
    }

    /// <summary>The containers of one target: all of them, or only running ones.</summary>
    public Task<TargetResult<IReadOnlyList<ContainerSummary>>> ListAsync(Guid targetId, bool all, CancellationToken cancellationToken) =>
        engines.RunAsync(targetId, ActionClass.Read, (engine, ct) => engine.ListContainersAsync(all, ct), cancellationToken);

    /// <summary>One container's configuration and state, with secret-looking environment values masked.</summary>
    public Task<TargetResult<ContainerDetails>> InspectAsync(Guid targetId, string containerId, CancellationToken cancellationToken) =>
        engines.RunAsync(targetId, ActionClass.Read,
            async (engine, ct) => SecretMasking.MaskEnvironment(await engine.InspectContainerAsync(containerId, ct)),
            cancellationToken);

    /// <summary>Starts, stops, restarts, kills, pauses or unpauses a container.</summary>
    public Task<TargetResult<ContainerAction>> ActAsync(
        Guid targetId, string containerId, ContainerAction action, CancellationToken cancellationToken) =>
        audit.RecordedAsync(AuditActions.Container(action), "container", $"{targetId}/{containerId}", engines.RunAsync(
            targetId,
            ActionClass.Operate,
            async (engine, ct) =>
            {
                await (action switch
                {
                    ContainerAction.Start => engine.StartContainerAsync(containerId, ct),
                    ContainerAction.Stop => engine.StopContainerAsync(containerId, null, ct),
                    ContainerAction.Restart => engine.RestartContainerAsync(containerId, null, ct),
                    ContainerAction.Kill => engine.KillContainerAsync(containerId, null, ct),
                    ContainerAction.Pause => engine.PauseContainerAsync(containerId, ct),
                    ContainerAction.Unpause => engine.UnpauseContainerAsync(containerId, ct),
                    _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown container action."),
                });
                return action;
            },
            cancellationToken));

    /// <summary>Removes a container; <paramref name="force"/> kills it first if it runs, <paramref name="removeVolumes"/> drops its anonymous volumes.</summary>
    public Task<TargetResult<string>> RemoveAsync(
        Guid targetId, string containerId, bool force, bool removeVolumes, CancellationToken cancellationToken) =>
        audit.RecordedAsync("container.removed", "container", $"{targetId}/{containerId}", engines.RunAsync(
            targetId,
            ActionClass.Manage,
            async (engine, ct) =>
            {
                await engine.RemoveContainerAsync(containerId, force, removeVolumes, ct);
                return containerId;
            },
            cancellationToken));

    /// <summary>
    /// Checks that the container exists, then hands back its log stream, so a caller can answer
    /// "not found" before it starts streaming. Errors met later end the stream with an <see cref="EngineException"/>.
    /// </summary>
    public Task<TargetResult<IAsyncEnumerable<LogLine>>> OpenLogsAsync(
        Guid targetId, string containerId, ContainerLogOptions options, CancellationToken cancellationToken) =>
        engines.RunAsync(targetId, ActionClass.Read,
            async (engine, ct) =>
            {
                var details = await engine.InspectContainerAsync(containerId, ct);
                return engine.StreamLogsAsync(details.Id, options, CancellationToken.None);
            },
            cancellationToken);

    /// <summary>One resource-usage sample.</summary>
    public Task<TargetResult<ContainerStats>> GetStatsAsync(Guid targetId, string containerId, CancellationToken cancellationToken) =>
        engines.RunAsync(targetId, ActionClass.Read, (engine, ct) => engine.GetContainerStatsAsync(containerId, ct), cancellationToken);

    /// <summary>Resource-usage samples about once a second, after checking that the container exists.</summary>
    public Task<TargetResult<IAsyncEnumerable<ContainerStats>>> OpenStatsAsync(
        Guid targetId, string containerId, CancellationToken cancellationToken) =>
        engines.RunAsync(targetId, ActionClass.Read,
            async (engine, ct) =>
            {
                var details = await engine.InspectContainerAsync(containerId, ct);
                return engine.StreamContainerStatsAsync(details.Id, CancellationToken.None);
            },
            cancellationToken);

    private async Task<(IReadOnlyList<TargetContainer> Containers, TargetFailure? Failure)> ListOneAsync(
        Target target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PerTargetTimeout);
        try
        {
            var containers = await engines.For(target).ListContainersAsync(all: true, timeout.Token);
            return (containers.Select(c => new TargetContainer(target.Id, target.Name, c)).ToList(), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], new TargetFailure(target.Id, target.Name, $"{target.Endpoint} did not answer within {PerTargetTimeout.TotalSeconds:0} seconds.", TimedOut: true));
        }
        catch (Exception ex) when (ex is EngineException or Common.SecretUnreadableException)
        {
            return ([], new TargetFailure(target.Id, target.Name, ex.Message));
        }
    }
}

/// <summary>Hides values of environment variables whose names look like they hold secrets.</summary>
public static class SecretMasking
{
    /// <summary>What a masked value is shown as.</summary>
    public const string Mask = "••••••";

    // Name fragments that, in practice, mark credentials: DB_PASSWORD, API_KEY, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY...
    private static readonly string[] SecretFragments =
        ["PASSWORD", "PASSWD", "PWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "AUTH", "PRIVATE", "SALT", "CERT", "DSN", "CONNECTION_STRING"];

    /// <summary>True when a variable named <paramref name="name"/> probably holds a secret.</summary>
    public static bool LooksSecret(string name)
    {
        var upper = name.ToUpperInvariant();
        return SecretFragments.Any(f => upper.Contains(f, StringComparison.Ordinal));
    }

    /// <summary>Masks <c>NAME=value</c> entries whose name looks secret; entries without a value are kept.</summary>
    public static IReadOnlyList<string> MaskEnvironment(IReadOnlyList<string> environment) =>
        environment.Select(entry =>
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            return equals > 0 && equals < entry.Length - 1 && LooksSecret(entry[..equals]) ? entry[..(equals + 1)] + Mask : entry;
        }).ToList();

    /// <summary>The same container with its environment masked.</summary>
    public static ContainerDetails MaskEnvironment(ContainerDetails details) =>
        details with { Environment = MaskEnvironment(details.Environment) };
}
