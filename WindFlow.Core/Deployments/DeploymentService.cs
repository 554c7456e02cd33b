using System.Security.Cryptography;
using System.Text.RegularExpressions;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Compose;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Deployments;

/// <summary>
/// Deploys stacks and acts on deployments. Every action becomes a persisted <see cref="Run"/> that a
/// background job executes (<see cref="RunExecutor"/>); one run per deployment at a time.
/// </summary>
public sealed partial class DeploymentService(
    IDeploymentStore store,
    IRunStore runs,
    IStackStore stacks,
    ITargetStore targets,
    TargetEngines engines,
    DeploymentCompiler compiler,
    DeploymentSecrets secrets,
    IRunScheduler scheduler,
    DeploymentBus bus,
    AccessGuard guard,
    TimeProvider clock,
    AuditTrail audit)
{
    /// <summary>Longest project name (compose and DNS labels stop at 63).</summary>
    public const int MaxNameLength = 63;

    /// <summary>Deployments ordered by name.</summary>
    public async Task<IReadOnlyList<Deployment>> ListAsync(bool includeRemoved, CancellationToken cancellationToken)
    {
        var visible = await guard.ListFilterAsync(Resource.Deployment, cancellationToken);
        return (await store.ListAsync(includeRemoved, cancellationToken)).Where(d => visible(d.OrganizationId)).ToList();
    }

    /// <summary>A deployment with live services; engine failures are reported in the result, not thrown.</summary>
    public async Task<OperationResult<DeploymentDetails>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var deployment = await FindAsync(id, Resource.Deployment, ActionClass.Read, cancellationToken);
        if (deployment is null)
        {
            return NotFound(id);
        }

        var stack = await stacks.FindAsync(deployment.StackId, cancellationToken);
        var target = await targets.FindAsync(deployment.TargetId, cancellationToken);
        var version = await stacks.FindVersionAsync(deployment.StackId, deployment.StackVersion, cancellationToken);
        var schema = version is null ? VariableSchema.Empty : DeploymentCompiler.SchemaOf(version);
        var services = new List<ServiceState>();
        string? engineError = null;
        if (target is not null && deployment.Status != DeploymentStatus.Removed)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var containers = await engines.For(target).ListContainersByLabelAsync(WindFlowLabels.ProjectFilter(deployment.Name), timeout.Token);
                services = containers
                    .Where(c => c.Labels.ContainsKey(ComposeLabels.Service))
                    .GroupBy(c => c.Labels[ComposeLabels.Service], StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new ServiceState(g.Key, g.OrderBy(c => c.Name, StringComparer.Ordinal).ToList()))
                    .ToList();
            }
            catch (Exception ex) when (ex is EngineException or SecretUnreadableException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                engineError = TargetEngines.Failed(target, ex).Message;
            }
        }

        return OperationResult<DeploymentDetails>.Ok(new DeploymentDetails(
            deployment,
            stack?.Name ?? "(deleted stack)",
            target?.Name ?? "(deleted target)",
            services,
            engineError,
            await runs.FindActiveAsync(id, cancellationToken),
            schema,
            MaskSecrets(schema, SafeValues(deployment))));
    }

    /// <summary>Creates a deployment and queues its first deploy.</summary>
    public async Task<OperationResult<RunAccepted>> CreateAsync(DeployRequest request, string? user, CancellationToken cancellationToken)
    {
        var organizationId = await DemandDeployAsync(request, cancellationToken);
        var name = request.Name?.Trim() ?? "";
        if (!ProjectName().IsMatch(name))
        {
            return OperationError.Invalid("name", $"Name must be 1-{MaxNameLength} lowercase letters, digits, '-' or '_', starting with a letter or digit (it becomes the compose project name).");
        }

        var stack = await stacks.FindAsync(request.StackId, cancellationToken);
        if (stack is null || stack.Archived)
        {
            return OperationError.Invalid("stackId", stack is null ? $"No stack has id {request.StackId}." : $"Stack {stack.Name} is archived; restore it to deploy it.");
        }

        var version = await stacks.FindVersionAsync(stack.Id, request.StackVersion ?? stack.LatestVersion, cancellationToken);
        if (version is null)
        {
            return OperationError.Invalid("stackVersion", $"Stack {stack.Name} has no version {request.StackVersion}.");
        }

        var target = await targets.FindAsync(request.TargetId, cancellationToken);
        if (target is null || target.OrganizationId != organizationId)
        {
            return OperationError.Invalid("targetId", $"No target has id {request.TargetId} in the stack's organisation.");
        }

        if (await store.NameExistsAsync(target.Id, name, null, cancellationToken))
        {
            return new OperationError(OperationErrorKind.Conflict, $"A deployment named {name} already exists on {target.Name}.");
        }

        var values = VariableValues.GenerateMissing(DeploymentCompiler.SchemaOf(version), Clean(request.Values), RandomNumberGenerator.Create()).Values;
        var id = Guid.NewGuid();
        var compiled = compiler.Compile(version, values, name, id, 1);
        if (!compiled.Succeeded)
        {
            return compiled.Error!;
        }

        var now = clock.GetUtcNow();
        var deployment = new Deployment
        {
            Id = id,
            OrganizationId = organizationId,
            Name = name,
            StackId = stack.Id,
            StackVersion = version.Number,
            TargetId = target.Id,
            ProtectedValues = secrets.ProtectValues(values),
            Status = DeploymentStatus.Pending,
            AutoRollback = request.AutoRollback,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var run = NewRun(deployment, RunKind.Deploy, null, user);
        await store.AddAsync(deployment, run, cancellationToken);
        return await audit.RecordedAsync("deployment.created", "deployment", id.ToString(), await QueuedAsync(run, cancellationToken), values.Values);
    }

    /// <summary>What deploying <paramref name="request"/> would do on its target now (nothing is saved).</summary>
    public async Task<OperationResult<ProjectPlan>> PlanNewAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        var organizationId = await DemandDeployAsync(request, cancellationToken);
        if (await targets.FindAsync(request.TargetId, cancellationToken) is { } target && target.OrganizationId != organizationId)
        {
            return OperationError.Invalid("targetId", $"No target has id {request.TargetId} in the stack's organisation.");
        }

        var stack = await stacks.FindAsync(request.StackId, cancellationToken);
        var version = stack is null ? null : await stacks.FindVersionAsync(stack.Id, request.StackVersion ?? stack.LatestVersion, cancellationToken);
        if (version is null)
        {
            return OperationError.Invalid("stackId", $"No stack version found for stack {request.StackId}.");
        }

        var name = request.Name?.Trim() ?? "";
        if (!ProjectName().IsMatch(name))
        {
            return OperationError.Invalid("name", "Name must be lowercase letters, digits, '-' or '_'.");
        }

        var values = VariableValues.GenerateMissing(DeploymentCompiler.SchemaOf(version), Clean(request.Values), RandomNumberGenerator.Create()).Values;
        return await PlanAsync(request.TargetId, version, values, name, Guid.Empty, cancellationToken);
    }

    /// <summary>What updating a deployment to <paramref name="values"/> (and <paramref name="stackVersion"/>) would do.</summary>
    public async Task<OperationResult<ProjectPlan>> PlanUpdateAsync(
        Guid id, IReadOnlyDictionary<string, string?>? values, int? stackVersion, CancellationToken cancellationToken)
    {
        var prepared = await PrepareUpdateAsync(id, values, stackVersion, cancellationToken);
        if (!prepared.Succeeded)
        {
            return prepared.Error!;
        }

        var (deployment, version, merged) = prepared.Value!;
        return await PlanAsync(deployment.TargetId, version, merged, deployment.Name, deployment.Id, cancellationToken);
    }

    /// <summary>Queues an update to new values and/or stack version.</summary>
    public async Task<OperationResult<RunAccepted>> UpdateAsync(
        Guid id, IReadOnlyDictionary<string, string?>? values, int? stackVersion, string? user, CancellationToken cancellationToken)
    {
        var prepared = await PrepareUpdateAsync(id, values, stackVersion, cancellationToken);
        if (!prepared.Succeeded)
        {
            return prepared.Error!;
        }

        var (deployment, version, merged) = prepared.Value!;
        return await audit.RecordedAsync("deployment.updated", "deployment", id.ToString(), await QueueAsync(deployment, RunKind.Update, new RunParameters(merged, version.Number), user, cancellationToken), merged.Values);
    }

    /// <summary>Queues start, stop, restart, rollback (to <see cref="RunParameters.Revision"/>) or remove.</summary>
    public async Task<OperationResult<RunAccepted>> ActAsync(Guid id, RunKind kind, RunParameters parameters, string? user, CancellationToken cancellationToken)
    {
        // Removing a deployment deletes what runs: an admin's decision; the rest is day-to-day operation.
        var deployment = await FindAsync(id, Resource.Deployment, kind == RunKind.Remove ? ActionClass.Manage : ActionClass.Operate, cancellationToken);
        if (deployment is null)
        {
            return NotFound(id);
        }

        if (kind == RunKind.Rollback)
        {
            var revision = parameters.Revision ?? 0;
            if (await store.FindRevisionAsync(id, revision, cancellationToken) is null)
            {
                return OperationError.Invalid("revision", $"Deployment {deployment.Name} has no revision {revision}.");
            }
        }

        return await audit.RecordedAsync(AuditActions.Deployment(kind), "deployment", id.ToString(), await QueueAsync(deployment, kind, parameters, user, cancellationToken));
    }

    /// <summary>Revisions of a deployment, newest first.</summary>
    public async Task<OperationResult<IReadOnlyList<DeploymentRevision>>> RevisionsAsync(Guid id, CancellationToken cancellationToken) =>
        await FindAsync(id, Resource.Deployment, ActionClass.Read, cancellationToken) is null
            ? NotFound(id)
            : OperationResult<IReadOnlyList<DeploymentRevision>>.Ok(await store.ListRevisionsAsync(id, cancellationToken));

    /// <summary>Runs of a deployment (or all deployments when null), newest first.</summary>
    public async Task<IReadOnlyList<Run>> RunsAsync(Guid? deploymentId, int limit, CancellationToken cancellationToken)
    {
        if (deploymentId is { } id)
        {
            return await FindAsync(id, Resource.Run, ActionClass.Read, cancellationToken) is null
                ? []
                : await runs.ListAsync(deploymentId, Math.Clamp(limit, 1, 500), cancellationToken);
        }

        // Runs carry no organisation of their own: they inherit their deployment's. The filter
        // runs after the limit, so a caller of one organisation may see fewer than asked for.
        var visible = await guard.ListFilterAsync(Resource.Run, cancellationToken);
        var allowed = (await store.ListAsync(includeRemoved: true, cancellationToken)).Where(d => visible(d.OrganizationId)).Select(d => d.Id).ToHashSet();
        return (await runs.ListAsync(null, Math.Clamp(limit, 1, 500), cancellationToken)).Where(r => allowed.Contains(r.DeploymentId)).ToList();
    }

    /// <summary>One run.</summary>
    public async Task<OperationResult<Run>> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await runs.FindAsync(runId, cancellationToken);
        return run is not null && await FindAsync(run.DeploymentId, Resource.Run, ActionClass.Read, cancellationToken) is not null
            ? OperationResult<Run>.Ok(run)
            : new OperationError(OperationErrorKind.NotFound, $"No run has id {runId}.");
    }

    /// <summary>The stored events of a run after <paramref name="afterSequence"/>.</summary>
    public async Task<IReadOnlyList<RunEvent>> RunEventsAsync(Guid runId, int afterSequence, CancellationToken cancellationToken) =>
        (await GetRunAsync(runId, cancellationToken)).Succeeded ? await runs.ListEventsAsync(runId, afterSequence, cancellationToken) : [];

    private async Task<OperationResult<(Deployment Deployment, StackVersion Version, IReadOnlyDictionary<string, string?> Values)>> PrepareUpdateAsync(
        Guid id, IReadOnlyDictionary<string, string?>? values, int? stackVersion, CancellationToken cancellationToken)
    {
        var deployment = await FindAsync(id, Resource.Deployment, ActionClass.Operate, cancellationToken);
        if (deployment is null)
        {
            return NotFound(id);
        }

        if (deployment.Status == DeploymentStatus.Removed)
        {
            return new OperationError(OperationErrorKind.Conflict, $"Deployment {deployment.Name} was removed.");
        }

        var version = await stacks.FindVersionAsync(deployment.StackId, stackVersion ?? deployment.StackVersion, cancellationToken);
        if (version is null)
        {
            return OperationError.Invalid("stackVersion", $"The stack has no version {stackVersion}.");
        }

        // Secret fields are write-only: left empty, they keep their current value. Generated values are kept too.
        var current = SafeValues(deployment);
        var schema = DeploymentCompiler.SchemaOf(version);
        var merged = new Dictionary<string, string?>(current);
        foreach (var (name, value) in Clean(values))
        {
            var secret = schema.Names.Contains(name) && VariableValues.SecretNames(schema).Contains(name);
            if (!(secret && (string.IsNullOrEmpty(value) || value == SecretText.Mask)))
            {
                merged[name] = value;
            }
        }

        var complete = VariableValues.GenerateMissing(schema, merged, RandomNumberGenerator.Create()).Values;
        var compiled = compiler.Compile(version, complete, deployment.Name, deployment.Id, (deployment.CurrentRevision ?? 0) + 1);
        return compiled.Succeeded
            ? OperationResult<(Deployment, StackVersion, IReadOnlyDictionary<string, string?>)>.Ok((deployment, version, complete))
            : compiled.Error!;
    }

    // A deployment of another organisation is reported as missing, one the caller may not touch as forbidden.
    private async Task<Deployment?> FindAsync(Guid id, Resource resource, ActionClass action, CancellationToken cancellationToken)
    {
        var deployment = await store.FindAsync(id, cancellationToken);
        if (deployment is not null)
        {
            await guard.DemandAsync(deployment.OrganizationId, resource, action, cancellationToken);
        }

        return deployment;
    }

    // A deployment belongs to its stack's organisation; without a known stack, to the caller's.
    // Checked before the input so a refused caller learns nothing from validation messages.
    private async Task<Guid> DemandDeployAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        var organizationId = await stacks.FindAsync(request.StackId, cancellationToken) is { } stack
            ? stack.OrganizationId
            : await guard.ResolveOrganizationAsync(cancellationToken);
        await guard.DemandAsync(organizationId, Resource.Deployment, ActionClass.Operate, cancellationToken);
        return organizationId;
    }

    private async Task<OperationResult<ProjectPlan>> PlanAsync(
        Guid targetId, StackVersion version, IReadOnlyDictionary<string, string?> values, string name, Guid deploymentId, CancellationToken cancellationToken)
    {
        var compiled = compiler.Compile(version, values, name, deploymentId, 0);
        if (!compiled.Succeeded)
        {
            return compiled.Error!;
        }

        var result = await engines.RunAsync(
            targetId, (engine, ct) => engine.ListContainersByLabelAsync(WindFlowLabels.ProjectFilter(name), ct), cancellationToken);
        return result.Succeeded
            ? OperationResult<ProjectPlan>.Ok(ProjectPlan.Compute(compiled.Value!.Project, result.Value!))
            : new OperationError(result.Error!.Kind == TargetErrorKind.NotFound ? OperationErrorKind.NotFound : OperationErrorKind.EngineFailed, result.Error.Message);
    }

    private async Task<OperationResult<RunAccepted>> QueueAsync(Deployment deployment, RunKind kind, RunParameters parameters, string? user, CancellationToken cancellationToken)
    {
        if (deployment.Status == DeploymentStatus.Removed)
        {
            return new OperationError(OperationErrorKind.Conflict, $"Deployment {deployment.Name} was removed.");
        }

        var run = NewRun(deployment, kind, secrets.ProtectParameters(parameters), user);
        if (!await runs.AddAsync(run, cancellationToken))
        {
            var active = await runs.FindActiveAsync(deployment.Id, cancellationToken);
            return new OperationError(
                OperationErrorKind.Conflict,
                $"Deployment {deployment.Name} is busy: a {active?.Kind.ToString().ToLowerInvariant() ?? "previous"} run ({active?.Id}) is {active?.Status.ToString().ToLowerInvariant() ?? "in progress"}. Wait for it to finish, then try again.");
        }

        return await QueuedAsync(run, cancellationToken);
    }

    private async Task<OperationResult<RunAccepted>> QueuedAsync(Run run, CancellationToken cancellationToken)
    {
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.RunChanged, run.DeploymentId, run.Id, Run: run));
        await scheduler.EnqueueAsync(run.Id, cancellationToken);
        return OperationResult<RunAccepted>.Ok(new RunAccepted(run.DeploymentId, run.Id));
    }

    private Run NewRun(Deployment deployment, RunKind kind, string? parameters, string? user) => new()
    {
        Id = Guid.NewGuid(),
        DeploymentId = deployment.Id,
        Kind = kind,
        Status = RunStatus.Pending,
        ActiveDeploymentId = deployment.Id,
        ProtectedParameters = parameters,
        RequestedBy = user,
        CreatedAt = clock.GetUtcNow(),
    };

    private IReadOnlyDictionary<string, string?> SafeValues(Deployment deployment)
    {
        try
        {
            return secrets.UnprotectValues(deployment.ProtectedValues);
        }
        catch (SecretUnreadableException)
        {
            return new Dictionary<string, string?>();
        }
    }

    private static Dictionary<string, string?> MaskSecrets(VariableSchema schema, IReadOnlyDictionary<string, string?> values)
    {
        var secretNames = VariableValues.SecretNames(schema);
        return values.ToDictionary(p => p.Key, p => secretNames.Contains(p.Key) && !string.IsNullOrEmpty(p.Value) ? SecretText.Mask : p.Value);
    }

    private static Dictionary<string, string?> Clean(IReadOnlyDictionary<string, string?>? values) =>
        values?.Where(p => !string.IsNullOrWhiteSpace(p.Key)).ToDictionary(p => p.Key.Trim(), p => p.Value) ?? [];

    private static OperationError NotFound(Guid id) => new(OperationErrorKind.NotFound, $"No deployment has id {id}.");

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex ProjectName();
}
