using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using WindFlow.Core.Deployments;

namespace WindFlow.Core.Workflows;

/// <summary>
/// Starts the runs of enabled workflows whose <c>trigger.deployment</c> matches a finished deploy or
/// update run of the stack. Start, stop, restart, remove and rollback runs are not deployments of it.
/// </summary>
public sealed partial class WorkflowDeploymentTriggers(
    IWorkflowStore workflows, IDeploymentStore deployments, WorkflowRunService runs, ILogger<WorkflowDeploymentTriggers> logger)
{
    /// <summary>Handles one finished deployment run; other runs are ignored.</summary>
    public async Task<int> HandleAsync(Run run, CancellationToken cancellationToken)
    {
        var outcome = run.Status switch
        {
            RunStatus.Succeeded => "succeeded",
            RunStatus.Failed => "failed",
            _ => null,
        };
        // Only runs that put (a new version of) the stack in place count: removing or stopping a
        // deployment must not fire "deployment succeeded" (a promotion, say), and a rollback is left
        // out so that a workflow rolling back on "failed" cannot trigger itself again and again.
        if (outcome is null || run.Kind is not (RunKind.Deploy or RunKind.Update)
            || await deployments.FindAsync(run.DeploymentId, cancellationToken) is not { } deployment)
        {
            return 0;
        }

        var started = 0;
        foreach (var workflow in await workflows.ListAsync(cancellationToken))
        {
            var matches = workflow.Enabled && workflow.Graph.Nodes.Any(n =>
                n.Type == "trigger.deployment"
                && string.Equals(n.Config["stackId"]?.ToString(), deployment.StackId.ToString(), StringComparison.OrdinalIgnoreCase)
                && string.Equals(n.Config["event"]?.ToString(), outcome, StringComparison.OrdinalIgnoreCase));
            if (!matches)
            {
                continue;
            }

            var body = new JsonObject
            {
                ["event"] = outcome,
                ["deploymentId"] = deployment.Id,
                ["deploymentName"] = deployment.Name,
                ["stackId"] = deployment.StackId,
                ["targetId"] = deployment.TargetId,
                ["runId"] = run.Id,
                ["kind"] = run.Kind.ToString().ToLowerInvariant(),
                ["revision"] = deployment.CurrentRevision,
            };
            var result = await runs.StartTriggeredAsync(workflow.Id, "deployment", body, cancellationToken);
            if (result.Succeeded)
            {
                started++;
                LogStarted(logger, workflow.Id, run.Id);
            }
        }

        return started;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} started by deployment run {RunId}")]
    private static partial void LogStarted(ILogger logger, Guid workflowId, Guid runId);
}
