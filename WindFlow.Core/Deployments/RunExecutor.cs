using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WindFlow.Core.Common;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Observability;
using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Deployments;

/// <summary>
/// Executes one persisted run to its end: deploy, update, rollback, start, stop, restart or remove.
/// A run always finishes in a defined state: succeeded; failed with what it created removed (first
/// deploy) or the last good revision restored (update, when auto-rollback is on); or, when WindFlow
/// stops in the middle, left running so that the restart resumes it (every step converges, so
/// doing it again is safe).
/// </summary>
public sealed partial class RunExecutor(
    IRunStore runs,
    IDeploymentStore deployments,
    IStackStore stacks,
    TargetEngines engines,
    DeploymentCompiler compiler,
    DeploymentSecrets secrets,
    DeploymentBus bus,
    WindFlowMetrics metrics,
    IOptions<DeployEngineOptions> options,
    TimeProvider clock,
    ILogger<RunExecutor> logger)
{
    /// <summary>Executes <paramref name="runId"/> unless it already finished.</summary>
    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await runs.FindAsync(runId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            return;
        }

        var deployment = await deployments.FindAsync(run.DeploymentId, cancellationToken);
        if (deployment is null)
        {
            await FinishAsync(run, RunStatus.Failed, "The deployment no longer exists.", CancellationToken.None);
            return;
        }

        var parameters = secrets.UnprotectParameters(run.ProtectedParameters);
        var resuming = run.Status == RunStatus.Running;
        run.Status = RunStatus.Running;
        run.StartedAt ??= clock.GetUtcNow();
        await runs.UpdateAsync(run, cancellationToken);
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunChanged, run.DeploymentId, run.Id, Run: run));

        var reporter = new RunReporter(run, await runs.LastSequenceAsync(run.Id, cancellationToken), runs, bus, clock, await SecretValuesAsync(deployment, parameters, cancellationToken));
        if (resuming)
        {
            reporter.Report(RunEventLevel.Warning, null, null, "WindFlow restarted while this run was in progress; resuming it.");
        }

        var status = RunStatus.Failed;
        string? error = null;
        try
        {
            var target = await engines.ResolveAsync(deployment.TargetId, cancellationToken);
            if (!target.Succeeded)
            {
                throw new DeployFailedException(target.Error!.Message);
            }

            var context = new RunContext(run, deployment, parameters, target.Value!.Engine, reporter);
            reporter.Info($"{run.Kind} of {deployment.Name} on {target.Value.Target.Name} started");
            await ExecuteKindAsync(context, cancellationToken);
            status = RunStatus.Succeeded;
            reporter.Info($"{run.Kind} succeeded");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // WindFlow is stopping: the run stays "running" and the next start resumes it.
            reporter.Report(RunEventLevel.Warning, null, null, "WindFlow is stopping; this run will resume when it starts again.");
            await reporter.DisposeAsync();
            return;
        }
        catch (Exception ex) when (ex is DeployFailedException or EngineException or SecretUnreadableException)
        {
            error = ex.Message;
            reporter.Report(RunEventLevel.Error, (ex as DeployFailedException)?.Service, "failed", ex.Message);
        }
        catch (Exception ex)
        {
            LogRunCrashed(logger, ex, run.Id);
            error = $"Unexpected error: {ex.Message}";
            reporter.Report(RunEventLevel.Error, null, "failed", error);
        }

        try
        {
            await reporter.DisposeAsync();
        }
        catch (Exception ex)
        {
            // Losing the last few events is bad; a run that never ends (and blocks every later
            // action on the deployment) is worse.
            LogEventsNotStored(logger, ex, run.Id);
        }

        await FinishAsync(run, status, error, CancellationToken.None);
    }

    private async Task ExecuteKindAsync(RunContext context, CancellationToken cancellationToken)
    {
        var operations = new ProjectOperations(context.Engine, context.Reporter);
        var deployment = context.Deployment;
        switch (context.Run.Kind)
        {
            case RunKind.Deploy:
            case RunKind.Update:
                await ApplyNewConfigurationAsync(context, operations, cancellationToken);
                break;
            case RunKind.Rollback:
                var revision = context.Parameters.Revision ?? deployment.CurrentRevision
                    ?? throw new DeployFailedException("There is no revision to roll back to.");
                await SetStatusAsync(deployment, DeploymentStatus.RollingBack, null, cancellationToken);
                await RollbackAsync(context, revision, cancellationToken);
                break;
            case RunKind.Start:
                await operations.StartAsync(deployment.Name, await OrderAsync(deployment, cancellationToken), cancellationToken);
                await SetStatusAsync(deployment, DeploymentStatus.Running, null, cancellationToken);
                break;
            case RunKind.Stop:
                await operations.StopAsync(deployment.Name, await OrderAsync(deployment, cancellationToken), cancellationToken);
                await SetStatusAsync(deployment, DeploymentStatus.Stopped, null, cancellationToken);
                break;
            case RunKind.Restart:
                var order = await OrderAsync(deployment, cancellationToken);
                await operations.StopAsync(deployment.Name, order, cancellationToken);
                await operations.StartAsync(deployment.Name, order, cancellationToken);
                await SetStatusAsync(deployment, DeploymentStatus.Running, null, cancellationToken);
                break;
            case RunKind.Remove:
                await SetStatusAsync(deployment, DeploymentStatus.Removing, null, cancellationToken);
                await operations.RemoveAsync(deployment.Name, removeVolumes: !context.Parameters.KeepVolumes, cancellationToken);
                await SetStatusAsync(deployment, DeploymentStatus.Removed, context.Parameters.KeepVolumes ? "Removed; volumes kept." : "Removed.", cancellationToken);
                break;
        }
    }

    private async Task ApplyNewConfigurationAsync(RunContext context, ProjectOperations operations, CancellationToken cancellationToken)
    {
        var deployment = context.Deployment;
        var stackVersion = context.Parameters.StackVersion ?? deployment.StackVersion;
        var values = context.Parameters.Values ?? secrets.UnprotectValues(deployment.ProtectedValues);
        var version = await stacks.FindVersionAsync(deployment.StackId, stackVersion, cancellationToken)
            ?? throw new DeployFailedException($"Version {stackVersion} of the stack no longer exists.");
        var number = await NextRevisionAsync(deployment, cancellationToken);
        var compiled = Compile(version, values, deployment, number, pins: null);

        var firstDeploy = deployment.CurrentRevision is null;
        await SetStatusAsync(deployment, DeploymentStatus.Deploying, null, cancellationToken);
        var applier = new ProjectApplier(context.Engine, context.Reporter, options.Value, clock);
        ApplyOutcome outcome;
        try
        {
            outcome = await ApplyAsync(context, compiled, applier, cancellationToken);
        }
        catch (Exception ex) when (ex is DeployFailedException or EngineException)
        {
            context.Reporter.Report(RunEventLevel.Error, (ex as DeployFailedException)?.Service, "failed", ex.Message);
            if (firstDeploy)
            {
                context.Reporter.Info("First deploy failed: removing what it created");
                await operations.RemoveAsync(deployment.Name, removeVolumes: false, CancellationToken.None);
                await operations.RemoveCreatedAsync([], applier.Outcome.CreatedVolumes, CancellationToken.None);
                await SetStatusAsync(deployment, DeploymentStatus.Failed, ex.Message, CancellationToken.None);
                throw;
            }

            if (!deployment.AutoRollback)
            {
                await SetStatusAsync(deployment, DeploymentStatus.Failed, ex.Message, CancellationToken.None);
                throw;
            }

            var good = deployment.CurrentRevision!.Value;
            context.Reporter.Report(RunEventLevel.Warning, null, "rolling-back", $"Update failed; rolling back to revision {good} automatically");
            await SetStatusAsync(deployment, DeploymentStatus.RollingBack, ex.Message, CancellationToken.None);
            await RollbackAsync(context, good, CancellationToken.None);
            throw new DeployFailedException($"{ex.Message} Rolled back to revision {good}.", (ex as DeployFailedException)?.Service, ex);
        }

        await RecordRevisionAsync(context, number, version.Number, values, compiled, outcome, message: null, cancellationToken);
    }

    private async Task RollbackAsync(RunContext context, int revisionNumber, CancellationToken cancellationToken)
    {
        var deployment = context.Deployment;
        var revision = await deployments.FindRevisionAsync(deployment.Id, revisionNumber, cancellationToken)
            ?? throw new DeployFailedException($"Revision {revisionNumber} does not exist.");
        var version = await stacks.FindVersionAsync(deployment.StackId, revision.StackVersion, cancellationToken)
            ?? throw new DeployFailedException($"Version {revision.StackVersion} of the stack no longer exists.");
        var values = secrets.UnprotectValues(revision.ProtectedValues);
        var number = await NextRevisionAsync(deployment, cancellationToken);
        var pins = await MovedImagesAsync(context.Engine, Compile(version, values, deployment, number, pins: null), revision, cancellationToken);
        var compiled = Compile(version, values, deployment, number, pins);
        context.Reporter.Info(pins.Count == 0
            ? $"Rolling back to revision {revisionNumber}"
            : $"Rolling back to revision {revisionNumber}, pinning the images it ran for {string.Join(", ", pins.Keys)}");
        ApplyOutcome outcome;
        try
        {
            outcome = await ApplyAsync(context, compiled, new ProjectApplier(context.Engine, context.Reporter, options.Value, clock), cancellationToken);
        }
        catch (Exception ex) when (ex is DeployFailedException or EngineException)
        {
            await SetStatusAsync(deployment, DeploymentStatus.Failed, $"Rollback to revision {revisionNumber} failed: {ex.Message}", CancellationToken.None);
            throw new DeployFailedException($"Rollback to revision {revisionNumber} failed: {ex.Message}", (ex as DeployFailedException)?.Service, ex);
        }

        await RecordRevisionAsync(context, number, version.Number, values, compiled, outcome, $"Rolled back to revision {revisionNumber}.", cancellationToken);
    }

    private async Task<ApplyOutcome> ApplyAsync(RunContext context, CompiledDeployment compiled, ProjectApplier applier, CancellationToken cancellationToken)
    {
        var existing = await context.Engine.ListContainersByLabelAsync(WindFlowLabels.ProjectFilter(compiled.Project.Name), cancellationToken);
        var plan = ProjectPlan.Compute(compiled.Project, existing);
        foreach (var service in plan.Services)
        {
            context.Reporter.Report(RunEventLevel.Info, service.Service, "planned", $"{service.Action}: {service.Reason}", 0);
        }

        return await applier.ApplyAsync(compiled.Project, plan, cancellationToken);
    }

    private async Task RecordRevisionAsync(
        RunContext context, int number, int stackVersion, IReadOnlyDictionary<string, string?> values, CompiledDeployment compiled, ApplyOutcome outcome, string? message, CancellationToken cancellationToken)
    {
        var deployment = context.Deployment;
        var protectedValues = secrets.ProtectValues(values);
        var revision = new DeploymentRevision
        {
            Id = Guid.NewGuid(),
            DeploymentId = deployment.Id,
            Number = number,
            StackVersion = stackVersion,
            RenderedCompose = compiled.Redacted,
            ProtectedValues = protectedValues,
            ValuesHash = DeploymentSecrets.HashValues(values),
            ImageDigestsJson = JsonSerializer.Serialize(outcome.ImageIds),
            RunId = context.Run.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        deployment.CurrentRevision = number;
        deployment.StackVersion = stackVersion;
        deployment.ProtectedValues = protectedValues;
        deployment.Status = DeploymentStatus.Running;
        deployment.StatusMessage = message;
        deployment.UpdatedAt = revision.CreatedAt;
        await deployments.AddRevisionAsync(revision, deployment, cancellationToken);
        context.Run.Revision = number;
        context.Reporter.Info($"Revision {number} is running");
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.DeploymentChanged, deployment.Id));
    }

    // Services whose tag now points at another image than the revision ran get pinned to that image.
    private static async Task<Dictionary<string, string>> MovedImagesAsync(
        IContainerEngine engine, CompiledDeployment compiled, DeploymentRevision revision, CancellationToken cancellationToken)
    {
        var ran = JsonSerializer.Deserialize<Dictionary<string, string>>(revision.ImageDigestsJson) ?? [];
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in compiled.Project.Services)
        {
            if (ran.TryGetValue(service.Name, out var imageId) && !string.IsNullOrEmpty(imageId)
                && (await engine.InspectImageAsync(service.Image, cancellationToken))?.Id != imageId)
            {
                pins[service.Name] = imageId;
            }
        }

        return pins;
    }

    private CompiledDeployment Compile(StackVersion version, IReadOnlyDictionary<string, string?> values, Deployment deployment, int revision, IReadOnlyDictionary<string, string>? pins)
    {
        var result = compiler.Compile(version, values, deployment.Name, deployment.Id, revision, pins);
        return result.Succeeded
            ? result.Value!
            : throw new DeployFailedException("The stack does not render: " + string.Join("; ", result.Error!.Problems?.Select(p => p.ToString()) ?? [result.Error.Message]));
    }

    private async Task<int> NextRevisionAsync(Deployment deployment, CancellationToken cancellationToken) =>
        ((await deployments.ListRevisionsAsync(deployment.Id, cancellationToken)).FirstOrDefault()?.Number ?? 0) + 1;

    private async Task<IReadOnlyList<IReadOnlyList<string>>?> OrderAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        if (deployment.CurrentRevision is not { } current || await deployments.FindRevisionAsync(deployment.Id, current, cancellationToken) is not { } revision)
        {
            return null;
        }

        // The stored file has secrets masked, which does not change the services or their dependencies.
        var parsed = Compose.ComposeParser.Parse(revision.RenderedCompose);
        return parsed.Project is null ? null : Compose.ComposeOrder.Levels(parsed.Project);
    }

    private async Task<IReadOnlyList<string>> SecretValuesAsync(Deployment deployment, RunParameters parameters, CancellationToken cancellationToken)
    {
        try
        {
            var version = await stacks.FindVersionAsync(deployment.StackId, parameters.StackVersion ?? deployment.StackVersion, cancellationToken);
            if (version is null)
            {
                return [];
            }

            var names = VariableValues.SecretNames(DeploymentCompiler.SchemaOf(version));
            var values = secrets.UnprotectValues(deployment.ProtectedValues);
            return names.SelectMany(n => new[] { values.GetValueOrDefault(n), parameters.Values?.GetValueOrDefault(n) }).OfType<string>().ToList();
        }
        catch (SecretUnreadableException)
        {
            return [];
        }
    }

    private async Task SetStatusAsync(Deployment deployment, DeploymentStatus status, string? message, CancellationToken cancellationToken)
    {
        deployment.Status = status;
        deployment.StatusMessage = message;
        deployment.UpdatedAt = clock.GetUtcNow();
        await deployments.UpdateAsync(deployment, cancellationToken);
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.DeploymentChanged, deployment.Id));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The last events of run {RunId} could not be stored; finishing the run anyway")]
    private static partial void LogEventsNotStored(ILogger logger, Exception exception, Guid runId);

    private async Task FinishAsync(Run run, RunStatus status, string? error, CancellationToken cancellationToken)
    {
        run.Status = status;
        run.Error = error;
        run.FinishedAt = clock.GetUtcNow();
        run.ActiveDeploymentId = null;
        await runs.UpdateAsync(run, cancellationToken);
        metrics.RunFinished(run.Kind, status, run.FinishedAt - run.StartedAt);
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunChanged, run.DeploymentId, run.Id, Run: run));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed unexpectedly")]
    private static partial void LogRunCrashed(ILogger logger, Exception exception, Guid runId);

    private sealed record RunContext(Run Run, Deployment Deployment, RunParameters Parameters, IContainerEngine Engine, RunReporter Reporter);
}
