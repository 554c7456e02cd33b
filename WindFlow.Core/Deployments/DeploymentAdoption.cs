using System.Security.Cryptography;
using System.Text.Json;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Compose;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Deployments;

/// <summary>A compose project found on a target by its labels.</summary>
/// <param name="Name">The project name.</param>
/// <param name="Services">Its services, by name.</param>
/// <param name="Containers">How many containers it has (one-off ones excluded).</param>
/// <param name="Running">How many of them run.</param>
/// <param name="DeploymentId">The WindFlow deployment that manages it, or null when none does.</param>
public sealed record ComposeProjectSummary(string Name, IReadOnlyList<string> Services, int Containers, int Running, Guid? DeploymentId);

/// <summary>What adopting a project needs: the stack (and values) that describe it.</summary>
public sealed record AdoptRequest(Guid TargetId, string? Project, Guid StackId, int? StackVersion, IReadOnlyDictionary<string, string?>? Values, bool AutoRollback = true);

/// <summary>
/// Finds compose projects on a target and adopts one as a deployment without touching its
/// containers: the deployment and its revision 1 are recorded from the chosen stack, and the next
/// update converges the containers on it (compose's own config hashes differ from WindFlow's, so
/// that update recreates them).
/// </summary>
public sealed class DeploymentAdoption(
    IDeploymentStore store,
    IRunStore runs,
    IStackStore stacks,
    ITargetStore targets,
    TargetEngines engines,
    DeploymentCompiler compiler,
    DeploymentSecrets secrets,
    DeploymentBus bus,
    AccessGuard guard,
    TimeProvider clock,
    AuditTrail audit)
{
    /// <summary>The compose projects on a target, by name.</summary>
    public async Task<OperationResult<IReadOnlyList<ComposeProjectSummary>>> ListProjectsAsync(Guid targetId, CancellationToken cancellationToken)
    {
        var listed = await engines.RunAsync(targetId, ActionClass.Read, (engine, ct) => engine.ListContainersByLabelAsync(ComposeLabels.Project, ct), cancellationToken);
        if (!listed.Succeeded)
        {
            return Failed(listed.Error!);
        }

        var managed = (await store.ListAsync(includeRemoved: false, cancellationToken)).Where(d => d.TargetId == targetId).ToDictionary(d => d.Name, d => d.Id);
        return OperationResult<IReadOnlyList<ComposeProjectSummary>>.Ok(listed.Value!
            .Where(c => !string.Equals(c.Labels.GetValueOrDefault(ComposeLabels.OneOff), "True", StringComparison.OrdinalIgnoreCase))
            .GroupBy(c => c.Labels[ComposeLabels.Project], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ComposeProjectSummary(
                g.Key,
                g.Select(c => c.Labels.GetValueOrDefault(ComposeLabels.Service) ?? c.Name).Distinct().Order(StringComparer.Ordinal).ToList(),
                g.Count(),
                g.Count(c => c.State == "running"),
                managed.TryGetValue(g.Key, out var id) ? id : null))
            .ToList());
    }

    /// <summary>Records an existing project as a deployment of a stack; its containers are left as they are.</summary>
    public async Task<OperationResult<Deployment>> AdoptAsync(AdoptRequest request, string? user, CancellationToken cancellationToken)
    {
        var target = await targets.FindAsync(request.TargetId, cancellationToken);
        if (target is null)
        {
            return new OperationError(OperationErrorKind.NotFound, $"No target has id {request.TargetId}.");
        }

        await guard.DemandAsync(target.OrganizationId, Resource.Deployment, ActionClass.Operate, cancellationToken);
        var projects = await ListProjectsAsync(request.TargetId, cancellationToken);
        if (!projects.Succeeded)
        {
            return projects.Error!;
        }

        var project = projects.Value!.FirstOrDefault(p => p.Name == request.Project);
        if (project is null)
        {
            return OperationError.Invalid("project", $"No compose project named '{request.Project}' runs on this target.");
        }

        if (project.DeploymentId is not null)
        {
            return new OperationError(OperationErrorKind.Conflict, $"Project {project.Name} is already deployment {project.DeploymentId}.");
        }

        var stack = await stacks.FindAsync(request.StackId, cancellationToken);
        // A stack of another organisation cannot describe this target's project.
        stack = stack?.OrganizationId == target.OrganizationId ? stack : null;
        var version = stack is null ? null : await stacks.FindVersionAsync(stack.Id, request.StackVersion ?? stack.LatestVersion, cancellationToken);
        if (stack is null || version is null)
        {
            return OperationError.Invalid("stackId", $"No version found for stack {request.StackId}.");
        }

        var values = VariableValues.GenerateMissing(DeploymentCompiler.SchemaOf(version), request.Values ?? new Dictionary<string, string?>(), RandomNumberGenerator.Create()).Values;
        var id = Guid.NewGuid();
        var compiled = compiler.Compile(version, values, project.Name, id, 1);
        if (!compiled.Succeeded)
        {
            return compiled.Error!;
        }

        var declared = compiled.Value!.Project.Services.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        if (!declared.SequenceEqual(project.Services))
        {
            return OperationError.Invalid(
                "stackId",
                $"Stack {stack.Name} declares services {string.Join(", ", declared)} but project {project.Name} runs {string.Join(", ", project.Services)}: pick the stack that describes it.");
        }

        var containers = await engines.RunAsync(request.TargetId, (engine, ct) => engine.ListContainersByLabelAsync(WindFlowLabels.ProjectFilter(project.Name), ct), cancellationToken);
        var images = containers.Value?
            .GroupBy(c => c.Labels.GetValueOrDefault(ComposeLabels.Service) ?? "")
            .ToDictionary(g => g.Key, g => g.First().ImageId) ?? [];
        var now = clock.GetUtcNow();
        var protectedValues = secrets.ProtectValues(values);
        var deployment = new Deployment
        {
            Id = id,
            OrganizationId = target.OrganizationId,
            Name = project.Name,
            StackId = stack.Id,
            StackVersion = version.Number,
            TargetId = request.TargetId,
            ProtectedValues = protectedValues,
            Status = project.Running > 0 ? DeploymentStatus.Running : DeploymentStatus.Stopped,
            StatusMessage = "Adopted: its containers were made outside WindFlow and are replaced at the first update.",
            AutoRollback = request.AutoRollback,
            Adopted = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // A finished run records who adopted it and when, like any other change of the deployment.
        var run = new Run { Id = Guid.NewGuid(), DeploymentId = id, Kind = RunKind.Deploy, Status = RunStatus.Succeeded, RequestedBy = user, Revision = 1, CreatedAt = now, StartedAt = now, FinishedAt = now };
        await store.AddAsync(deployment, run, cancellationToken);
        await runs.AppendEventsAsync([new RunEvent { RunId = run.Id, Sequence = 1, Time = now, Level = RunEventLevel.Info, Message = $"Adopted compose project {project.Name} ({project.Containers} container(s)) as a deployment of {stack.Name} version {version.Number}; no container was changed." }], cancellationToken);
        deployment.CurrentRevision = 1;
        await store.AddRevisionAsync(
            new DeploymentRevision
            {
                Id = Guid.NewGuid(),
                DeploymentId = id,
                Number = 1,
                StackVersion = version.Number,
                RenderedCompose = compiled.Value.Redacted,
                ProtectedValues = protectedValues,
                ValuesHash = DeploymentSecrets.HashValues(values),
                ImageDigestsJson = JsonSerializer.Serialize(images),
                RunId = run.Id,
                CreatedAt = now,
            },
            deployment,
            cancellationToken);
        bus.Publish(new DeploymentNotification(DeploymentNotificationKind.DeploymentChanged, id));
        return await audit.RecordedAsync("deployment.adopted", "deployment", id.ToString(), OperationResult<Deployment>.Ok(deployment));
    }

    private static OperationError Failed(TargetError error) =>
        new(error.Kind == TargetErrorKind.NotFound ? OperationErrorKind.NotFound : OperationErrorKind.EngineFailed, error.Message);
}
