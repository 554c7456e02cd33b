using System.Text.Json.Nodes;
using WindFlow.Core.Common;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Core.Workflows;

/// <summary>What the editor or the API saves: the workflow's identity and its graph.</summary>
/// <param name="Name">The name shown in lists, unique per organisation.</param>
/// <param name="Description">What the workflow is for.</param>
/// <param name="Graph">The drawing to save as the next version.</param>
/// <param name="ChangeSummary">What changed, as the author says.</param>
public sealed record WorkflowDraft(string Name, string? Description, WorkflowGraph Graph, string? ChangeSummary = null);

/// <summary>
/// Saved workflows and their versions. The editor page and the API both go through it, so the
/// canvas and scripts cannot disagree about what a valid workflow is. An invalid graph is refused
/// with <see cref="OperationErrorKind.Invalid"/>; each problem's field is <c>nodes.{id}.{setting}</c>
/// (or <c>nodes.{id}</c>, or <c>graph</c>) so the canvas can mark the offending node.
/// </summary>
public interface IWorkflowService
{
    /// <summary>Every workflow, by name.</summary>
    Task<IReadOnlyList<Workflow>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The workflow with its latest graph, or the graph of <paramref name="version"/> when given.</summary>
    Task<OperationResult<Workflow>> GetAsync(Guid id, int? version, CancellationToken cancellationToken);

    /// <summary>The saved versions, newest first.</summary>
    Task<OperationResult<IReadOnlyList<WorkflowVersion>>> VersionsAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Creates a workflow at version 1.</summary>
    Task<OperationResult<Workflow>> CreateAsync(WorkflowDraft draft, string? author, CancellationToken cancellationToken);

    /// <summary>Saves <paramref name="draft"/> as the next version.</summary>
    Task<OperationResult<Workflow>> UpdateAsync(Guid id, WorkflowDraft draft, string? author, CancellationToken cancellationToken);

    /// <summary>Deletes the workflow, its versions and its runs; refused while a run is in progress.</summary>
    Task<OperationResult<bool>> DeleteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Turns the workflow's triggers (schedule, webhook, deployment event) on or off; manual runs work either way.</summary>
    Task<OperationResult<Workflow>> SetEnabledAsync(Guid id, bool enabled, CancellationToken cancellationToken);
}

/// <summary>
/// Starting and steering workflow runs. Live changes are published on <see cref="WorkflowBus"/>;
/// these calls give the stored state to start from.
/// </summary>
public interface IWorkflowRuns
{
    /// <summary>Queues a run of the workflow's latest version with <paramref name="input"/> as <c>trigger.body</c>.</summary>
    Task<OperationResult<WorkflowRun>> StartAsync(Guid workflowId, JsonNode? input, string? user, CancellationToken cancellationToken);

    /// <summary>The run with every node's state, or not found.</summary>
    Task<OperationResult<WorkflowRun>> GetAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Runs, newest first; of one workflow when <paramref name="workflowId"/> is given, of one status when <paramref name="status"/> is.</summary>
    Task<IReadOnlyList<WorkflowRun>> ListAsync(Guid? workflowId, WorkflowRunStatus? status, int take, CancellationToken cancellationToken);

    /// <summary>Cancels a pending or running run.</summary>
    Task<OperationResult<WorkflowRun>> CancelAsync(Guid runId, string? user, CancellationToken cancellationToken);

    /// <summary>Approves a node waiting for approval.</summary>
    Task<OperationResult<WorkflowRun>> ApproveAsync(Guid runId, string nodeId, string user, CancellationToken cancellationToken);

    /// <summary>Rejects a node waiting for approval; the node fails.</summary>
    Task<OperationResult<WorkflowRun>> RejectAsync(Guid runId, string nodeId, string user, CancellationToken cancellationToken);

    /// <summary>Starts a new run of the same version and trigger input that reuses the outputs of nodes before <paramref name="nodeId"/> and runs again from it.</summary>
    Task<OperationResult<WorkflowRun>> RerunFromAsync(Guid runId, string nodeId, string? user, CancellationToken cancellationToken);
}
