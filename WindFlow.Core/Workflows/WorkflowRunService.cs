using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Core.Workflows;

/// <summary>Starts, lists and steers workflow runs, manually or from triggers (webhook, schedule, deployment event).</summary>
public sealed class WorkflowRunService(
    IWorkflowStore store,
    IWorkflowRunStore runs,
    IWorkflowScheduler scheduler,
    WorkflowRunner runner,
    WorkflowRunProcessor processor,
    WorkflowBus bus,
    AccessGuard guard,
    AuditTrail audit,
    TimeProvider time) : IWorkflowRuns
{
    /// <summary>What webhook tokens start with, so a leaked one is recognisable.</summary>
    public const string WebhookTokenPrefix = "wf_wh_";

    /// <inheritdoc />
    public async Task<OperationResult<WorkflowRun>> StartAsync(Guid workflowId, JsonNode? input, string? user, CancellationToken cancellationToken)
    {
        var workflow = await FindWorkflowAsync(workflowId, ActionClass.Operate, cancellationToken);
        if (workflow is null)
        {
            return NotFound("Workflow", workflowId);
        }

        // The manual trigger's form is the contract of its input, whichever door the run comes through.
        if (WorkflowInputForm.Of(workflow.Graph) is { } form && WorkflowInputForm.Check(form, input) is { Count: > 0 } problems)
        {
            return OperationError.Invalid(problems);
        }

        return OperationResult<WorkflowRun>.Ok(await QueueAsync(workflow, Trigger("manual", input, user), user, cancellationToken));
    }

    /// <summary>Starts a run from a trigger other than a person (schedule, deployment event); refused while the workflow is disabled.</summary>
    public async Task<OperationResult<WorkflowRun>> StartTriggeredAsync(Guid workflowId, string triggerType, JsonNode? body, CancellationToken cancellationToken)
    {
        var workflow = await store.FindAsync(workflowId, cancellationToken);
        if (workflow is null)
        {
            return NotFound("Workflow", workflowId);
        }

        if (!workflow.Enabled)
        {
            return new OperationError(OperationErrorKind.Conflict, $"Workflow {workflow.Name} is disabled.");
        }

        return OperationResult<WorkflowRun>.Ok(await QueueAsync(workflow, Trigger(triggerType, body, null), null, cancellationToken));
    }

    /// <summary>Creates or replaces the workflow's webhook token; only its hash is kept, so this is the one time it is shown.</summary>
    public async Task<OperationResult<string>> CreateWebhookTokenAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        if (await FindWorkflowAsync(workflowId, ActionClass.Manage, cancellationToken) is null)
        {
            return NotFound("Workflow", workflowId);
        }

        var token = WebhookTokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await store.SetWebhookHashAsync(workflowId, HashToken(token), cancellationToken);
        await audit.RecordAsync("workflow.webhook_created", "workflow", workflowId.ToString(), AuditOutcome.Succeeded);
        return OperationResult<string>.Ok(token);
    }

    /// <summary>
    /// Starts a run of the workflow that owns <paramref name="token"/> with <paramref name="body"/> as
    /// <c>trigger.body</c>. An unknown token, or a disabled workflow, is reported as not found and starts nothing.
    /// </summary>
    public async Task<OperationResult<WorkflowRun>> StartFromWebhookAsync(string token, JsonNode? body, CancellationToken cancellationToken)
    {
        var unknown = new OperationError(OperationErrorKind.NotFound, "No workflow has this webhook token.");
        var hash = HashToken(token ?? "");
        var found = await store.FindWebhookAsync(hash, cancellationToken);
        // The lookup is by hash, so timing reveals nothing about stored tokens; the comparison is
        // constant-time anyway, so no code path compares secrets byte by byte.
        if (found is not { } hook || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(hook.StoredHash)))
        {
            return unknown;
        }

        var workflow = await store.FindAsync(hook.WorkflowId, cancellationToken);
        if (workflow is null || !workflow.Enabled)
        {
            return unknown;
        }

        return OperationResult<WorkflowRun>.Ok(await QueueAsync(workflow, Trigger("webhook", body, null), null, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<OperationResult<WorkflowRun>> GetAsync(Guid runId, CancellationToken cancellationToken) =>
        await FindRunAsync(runId, ActionClass.Read, cancellationToken) is { } run ? OperationResult<WorkflowRun>.Ok(run) : NotFound("Workflow run", runId);

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowRun>> ListAsync(Guid? workflowId, WorkflowRunStatus? status, int take, CancellationToken cancellationToken)
    {
        if (workflowId is { } id)
        {
            // Another organisation's workflow is answered as missing, like every resource addressed by id.
            await FindWorkflowAsync(id, ActionClass.Read, cancellationToken);
        }

        var visible = await guard.ListFilterAsync(Resource.Workflow, cancellationToken);
        var owners = (await store.ListAsync(cancellationToken)).ToDictionary(w => w.Id, w => w.OwnerId);
        return (await store.ListRunsAsync(workflowId, status, Math.Clamp(take, 1, 500), cancellationToken))
            .Where(r => owners.TryGetValue(r.WorkflowId, out var owner) && visible(owner))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<OperationResult<WorkflowRun>> CancelAsync(Guid runId, string? user, CancellationToken cancellationToken)
    {
        var run = await FindRunAsync(runId, ActionClass.Operate, cancellationToken);
        if (run is null)
        {
            return NotFound("Workflow run", runId);
        }

        if (IsFinished(run.Status))
        {
            return new OperationError(OperationErrorKind.Conflict, $"The run already finished ({run.Status}).");
        }

        // Stored first, for whichever instance of a cluster executes the run: it reads the request
        // at its next sync and stops the run there.
        await runs.RequestCancelAsync(runId, time.GetUtcNow(), cancellationToken);
        if (!await processor.TryCancelAsync(runId, cancellationToken))
        {
            // Queued, paused in a process that stopped, or executed by another instance: end it here
            // now; its job finds it finished and does nothing, and an executing instance stops it.
            var now = time.GetUtcNow();
            foreach (var node in run.Nodes.Values.Where(n => !n.IsFinished).ToList())
            {
                run.Nodes[node.NodeId] = node with { Status = NodeRunStatus.Cancelled, Error = "The run was cancelled", FinishedAt = now };
            }

            run.Status = WorkflowRunStatus.Cancelled;
            run.FinishedAt = now;
            await runs.SaveRunAsync(run, cancellationToken);
            bus.Publish(new WorkflowNotification(WorkflowNotificationKind.RunChanged, run.Id, run.Status));
        }

        return await audit.RecordedAsync("workflow_run.cancelled", "workflow_run", runId.ToString(), await GetAsync(runId, cancellationToken));
    }

    /// <inheritdoc />
    public Task<OperationResult<WorkflowRun>> ApproveAsync(Guid runId, string nodeId, string user, CancellationToken cancellationToken) =>
        DecideAsync(runId, nodeId, "workflow_run.approved", () => runner.ApproveAsync(runId, nodeId, user, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<OperationResult<WorkflowRun>> RejectAsync(Guid runId, string nodeId, string user, CancellationToken cancellationToken) =>
        DecideAsync(runId, nodeId, "workflow_run.rejected", () => runner.RejectAsync(runId, nodeId, user, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<OperationResult<WorkflowRun>> RerunFromAsync(Guid runId, string nodeId, string? user, CancellationToken cancellationToken)
    {
        var original = await FindRunAsync(runId, ActionClass.Operate, cancellationToken);
        if (original is null)
        {
            return NotFound("Workflow run", runId);
        }

        if (original.Graph.Find(nodeId) is null)
        {
            return new OperationError(OperationErrorKind.NotFound, $"The run has no node {nodeId}.");
        }

        if (!IsFinished(original.Status))
        {
            return new OperationError(OperationErrorKind.Conflict, "The run is still in progress.");
        }

        var run = runner.Create(original.WorkflowId, original.WorkflowVersion, original.Graph, original.Trigger?.DeepClone());
        run.Vars = (JsonObject)original.Vars.DeepClone();
        var again = Downstream(original.Graph, nodeId);
        foreach (var (id, state) in original.Nodes)
        {
            // Everything that is not downstream of the chosen node keeps what it produced.
            if (!again.Contains(id) && state.Status is NodeRunStatus.Succeeded or NodeRunStatus.Skipped)
            {
                run.Nodes[id] = state;
            }
        }

        await store.AddRunAsync(run, user, cancellationToken);
        await scheduler.EnqueueAsync(run.Id, cancellationToken);
        await audit.RecordAsync("workflow_run.rerun", "workflow_run", run.Id.ToString(), AuditOutcome.Succeeded, $"Run {runId} again from node {nodeId}.");
        return OperationResult<WorkflowRun>.Ok(run);
    }

    /// <summary>The role an approval node asks of whoever decides on it (its <c>approverRole</c>), beyond the operate permission every approval needs; null when it asks nothing more.</summary>
    public static OrganizationRole? ApproverRole(WorkflowGraph graph, string nodeId) =>
        graph.Find(nodeId)?.Config["approverRole"] is JsonValue value && value.TryGetValue<string>(out var named)
            && Enum.TryParse<OrganizationRole>(named, ignoreCase: true, out var role) ? role : null;

    /// <summary>The hash under which a webhook token is stored.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    // The workflow after checking the caller may do `action` on it (organisation roles); null when missing.
    private async Task<Workflow?> FindWorkflowAsync(Guid workflowId, ActionClass action, CancellationToken cancellationToken)
    {
        var workflow = await store.FindAsync(workflowId, cancellationToken);
        if (workflow is not null)
        {
            await guard.DemandAsync(workflow.OwnerId, Resource.Workflow, action, cancellationToken);
        }

        return workflow;
    }

    // The run after checking the caller may do `action` on its workflow; null when either is missing.
    private async Task<WorkflowRun?> FindRunAsync(Guid runId, ActionClass action, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken);
        return run is not null && await FindWorkflowAsync(run.WorkflowId, action, cancellationToken) is not null ? run : null;
    }

    private async Task<OperationResult<WorkflowRun>> DecideAsync(Guid runId, string nodeId, string action, Func<Task<bool>> decide, CancellationToken cancellationToken)
    {
        var run = await FindRunAsync(runId, ActionClass.Operate, cancellationToken);
        if (run is null)
        {
            return NotFound("Workflow run", runId);
        }

        // The node may ask more than the operator role the permission table gives every approval.
        if (ApproverRole(run.Graph, nodeId) is { } approver && await store.FindAsync(run.WorkflowId, cancellationToken) is { } workflow)
        {
            await guard.DemandRoleAsync(workflow.OwnerId, approver, action, "workflow_run", runId.ToString(), $"Deciding on {nodeId}", cancellationToken);
        }

        if (!await decide())
        {
            return await audit.RecordedAsync(action, "workflow_run", runId.ToString(), (OperationResult<WorkflowRun>)new OperationError(OperationErrorKind.Conflict, $"Node {nodeId} is not waiting for approval."));
        }

        await audit.RecordAsync(action, "workflow_run", runId.ToString(), AuditOutcome.Succeeded, $"Node {nodeId}.");
        return await GetAsync(runId, cancellationToken);
    }

    private async Task<WorkflowRun> QueueAsync(Workflow workflow, JsonObject trigger, string? user, CancellationToken cancellationToken)
    {
        var run = runner.Create(workflow.Id, workflow.Version, workflow.Graph, trigger);
        await store.AddRunAsync(run, user, cancellationToken);
        await scheduler.EnqueueAsync(run.Id, cancellationToken);
        // Triggers other than a person run without a caller: the workflow names the organisation.
        await audit.RecordAsync("workflow_run.started", "workflow_run", run.Id.ToString(), AuditOutcome.Succeeded,
            $"Workflow {workflow.Name} v{workflow.Version}, trigger {trigger["type"]}.", organizationId: workflow.OwnerId);
        return run;
    }

    private JsonObject Trigger(string type, JsonNode? body, string? user) => new()
    {
        ["type"] = type,
        ["body"] = body?.DeepClone(),
        ["user"] = user,
        ["at"] = time.GetUtcNow(),
    };

    private static HashSet<string> Downstream(WorkflowGraph graph, string nodeId)
    {
        var found = new HashSet<string>(StringComparer.Ordinal) { nodeId };
        var queue = new Queue<string>([nodeId]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var edge in graph.Edges.Where(e => e.From == id))
            {
                if (found.Add(edge.To))
                {
                    queue.Enqueue(edge.To);
                }
            }
        }

        return found;
    }

    private static bool IsFinished(WorkflowRunStatus status) =>
        status is WorkflowRunStatus.Succeeded or WorkflowRunStatus.Failed or WorkflowRunStatus.Cancelled;

    private static OperationError NotFound(string what, Guid id) => new(OperationErrorKind.NotFound, $"{what} {id} does not exist.");
}
