using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;

namespace WindFlow.Core.Workflows;

/// <summary>Saves workflows as immutable versions after validating their graphs.</summary>
public sealed class WorkflowService(
    IWorkflowStore store,
    IWorkflowScheduler scheduler,
    WorkflowValidator validator,
    AccessGuard guard,
    AuditTrail audit,
    TimeProvider time) : IWorkflowService
{
    /// <summary>Longest accepted workflow name.</summary>
    public const int MaxNameLength = 100;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Workflow>> ListAsync(CancellationToken cancellationToken)
    {
        var visible = await guard.ListFilterAsync(Resource.Workflow, cancellationToken);
        return (await store.ListAsync(cancellationToken)).Where(w => visible(w.OwnerId)).ToList();
    }

    /// <inheritdoc />
    public async Task<OperationResult<Workflow>> GetAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        var workflow = await store.FindAsync(id, cancellationToken);
        if (workflow is null)
        {
            return NotFound(id);
        }

        await guard.DemandAsync(workflow.OwnerId, Resource.Workflow, ActionClass.Read, cancellationToken);
        if (version is { } number && number != workflow.Version)
        {
            var stored = await store.FindVersionAsync(id, number, cancellationToken);
            if (stored is null)
            {
                return new OperationError(OperationErrorKind.NotFound, $"Workflow {workflow.Name} has no version {number}.");
            }

            workflow.Version = stored.Number;
            workflow.Graph = WorkflowGraphJson.Read(stored.GraphJson);
        }

        return OperationResult<Workflow>.Ok(workflow);
    }

    /// <inheritdoc />
    public async Task<OperationResult<IReadOnlyList<WorkflowVersion>>> VersionsAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, ActionClass.Read, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return OperationResult<IReadOnlyList<WorkflowVersion>>.Ok(await store.VersionsAsync(id, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<OperationResult<Workflow>> CreateAsync(WorkflowDraft draft, string? author, CancellationToken cancellationToken)
    {
        var organizationId = await guard.ResolveOrganizationAsync(cancellationToken);
        await guard.DemandAsync(organizationId, Resource.Workflow, ActionClass.Manage, cancellationToken);
        if (await ValidateAsync(draft, organizationId, null, cancellationToken) is { } error)
        {
            return error;
        }

        var now = time.GetUtcNow();
        var workflow = new Workflow
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            Name = draft.Name.Trim(),
            Description = draft.Description,
            Version = 1,
            Graph = draft.Graph,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.AddAsync(workflow, NewVersion(workflow, draft, author, now), cancellationToken);
        await scheduler.SyncSchedulesAsync(workflow.Id, workflow, cancellationToken);
        return await audit.RecordedAsync("workflow.created", "workflow", workflow.Id.ToString(), OperationResult<Workflow>.Ok(workflow));
    }

    /// <inheritdoc />
    public async Task<OperationResult<Workflow>> UpdateAsync(Guid id, WorkflowDraft draft, string? author, CancellationToken cancellationToken)
    {
        var workflow = await FindAsync(id, ActionClass.Manage, cancellationToken);
        if (workflow is null)
        {
            return NotFound(id);
        }

        if (await ValidateAsync(draft, workflow.OwnerId, id, cancellationToken) is { } error)
        {
            return error;
        }

        var now = time.GetUtcNow();
        workflow.Name = draft.Name.Trim();
        workflow.Description = draft.Description;
        workflow.Graph = draft.Graph;
        workflow.Version++;
        workflow.UpdatedAt = now;
        await store.UpdateAsync(workflow, NewVersion(workflow, draft, author, now), cancellationToken);
        await scheduler.SyncSchedulesAsync(workflow.Id, workflow, cancellationToken);
        return await audit.RecordedAsync("workflow.updated", "workflow", id.ToString(), OperationResult<Workflow>.Ok(workflow));
    }

    /// <inheritdoc />
    public async Task<OperationResult<Workflow>> SetEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken)
    {
        var workflow = await FindAsync(id, ActionClass.Manage, cancellationToken);
        if (workflow is null)
        {
            return NotFound(id);
        }

        workflow.Enabled = enabled;
        workflow.UpdatedAt = time.GetUtcNow();
        await store.UpdateAsync(workflow, null, cancellationToken);
        await scheduler.SyncSchedulesAsync(workflow.Id, workflow, cancellationToken);
        return await audit.RecordedAsync(enabled ? "workflow.enabled" : "workflow.disabled", "workflow", id.ToString(), OperationResult<Workflow>.Ok(workflow));
    }

    /// <inheritdoc />
    public async Task<OperationResult<bool>> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, ActionClass.Manage, cancellationToken) is null)
        {
            return NotFound(id);
        }

        if ((await store.ListUnfinishedRunsAsync(id, cancellationToken)).Count > 0)
        {
            return new OperationError(OperationErrorKind.Conflict, "The workflow has a run in progress; cancel it first.");
        }

        await scheduler.SyncSchedulesAsync(id, null, cancellationToken);
        await store.DeleteAsync(id, cancellationToken);
        return await audit.RecordedAsync("workflow.deleted", "workflow", id.ToString(), OperationResult<bool>.Ok(true));
    }

    /// <summary>The graph's problems as input problems the API and canvas share: <c>nodes.{id}.{setting}</c>, <c>nodes.{id}</c> or <c>graph</c>.</summary>
    public static IReadOnlyList<InputProblem> ToInputProblems(IEnumerable<WorkflowProblem> problems) =>
        problems.Select(p => new InputProblem(
            p.NodeId is null ? "graph" : p.Setting is null ? $"nodes.{p.NodeId}" : $"nodes.{p.NodeId}.{p.Setting}",
            p.Message)).ToList();

    private async Task<OperationError?> ValidateAsync(WorkflowDraft draft, Guid organizationId, Guid? id, CancellationToken cancellationToken)
    {
        var problems = new List<InputProblem>();
        var name = draft.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add(new InputProblem("name", "A name is required."));
        }
        else if (name.Length > MaxNameLength)
        {
            problems.Add(new InputProblem("name", $"The name is longer than {MaxNameLength} characters."));
        }

        problems.AddRange(ToInputProblems([.. validator.Validate(draft.Graph), .. scheduler.CheckSchedules(draft.Graph)]));
        if (problems.Count > 0)
        {
            return OperationError.Invalid(problems);
        }

        return await store.NameTakenAsync(organizationId, name, id, cancellationToken)
            ? new OperationError(OperationErrorKind.Conflict, $"A workflow named {name} already exists.")
            : null;
    }

    private static WorkflowVersion NewVersion(Workflow workflow, WorkflowDraft draft, string? author, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        WorkflowId = workflow.Id,
        Number = workflow.Version,
        GraphJson = WorkflowGraphJson.Write(draft.Graph),
        ChangeSummary = draft.ChangeSummary,
        Author = author,
        CreatedAt = now,
    };

    // The workflow after checking the caller may do `action` on it; null when it does not exist.
    private async Task<Workflow?> FindAsync(Guid id, ActionClass action, CancellationToken cancellationToken)
    {
        var workflow = await store.FindAsync(id, cancellationToken);
        if (workflow is not null)
        {
            await guard.DemandAsync(workflow.OwnerId, Resource.Workflow, action, cancellationToken);
        }

        return workflow;
    }

    private static OperationError NotFound(Guid id) => new(OperationErrorKind.NotFound, $"Workflow {id} does not exist.");
}
