using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Web.Api;

/// <summary>
/// <c>/api/v1/workflows</c>, <c>/api/v1/workflow-runs</c> and the anonymous webhook <c>/api/v1/hooks/{token}</c>.
/// Workflows travel in the stored format (<c>{name, description, nodes, edges}</c>) plus their identity.
/// </summary>
internal static class WorkflowEndpoints
{
    public sealed record VersionResponse(int Number, string? ChangeSummary, string? Author, DateTimeOffset CreatedAt);

    public sealed record StartBody(JsonNode? Input);

    public sealed record RunAcceptedResponse(Guid RunId);

    public sealed record WebhookTokenResponse(string Token, string Url);

    public sealed record NodeRunView(
        string NodeId,
        string? Type,
        string? Name,
        string Status,
        int Attempt,
        JsonNode? Input,
        JsonNode? Output,
        IReadOnlyList<string>? Ports,
        string? Error,
        IReadOnlyList<string> Logs,
        DateTimeOffset? StartedAt,
        DateTimeOffset? FinishedAt,
        DateTimeOffset? ApprovalDeadline);

    public sealed record RunResponse(
        Guid Id,
        Guid WorkflowId,
        int WorkflowVersion,
        string Status,
        string? Error,
        JsonNode? Trigger,
        JsonObject Vars,
        DateTimeOffset CreatedAt,
        DateTimeOffset? StartedAt,
        DateTimeOffset? FinishedAt,
        IReadOnlyList<NodeRunView>? Nodes);

    public static RouteGroupBuilder MapWorkflowEndpoints(this RouteGroupBuilder api)
    {
        // Reading by default; each change declares its own row. The services check the same rows
        // against the workflow's organisation.
        var workflows = api.MapGroup("/workflows").WithTags("Workflows").RequiresPermission(Resource.Workflow, ActionClass.Read);
        workflows.MapGet("/", ListAsync).WithSummary("Workflows by name, with their latest graph.");
        workflows.MapPost("/", CreateAsync).RequiresPermission(Resource.Workflow, ActionClass.Manage).WithSummary("Create a workflow from the stored format: 201, version 1. An invalid graph is 400 with nodes.{id}.{setting} problems.");
        workflows.MapGet("/{id:guid}", GetAsync).WithSummary("A workflow in the stored format (?version=N for an older graph).");
        workflows.MapPut("/{id:guid}", UpdateAsync).RequiresPermission(Resource.Workflow, ActionClass.Manage).WithSummary("Save the next version.");
        workflows.MapDelete("/{id:guid}", DeleteAsync).RequiresPermission(Resource.Workflow, ActionClass.Manage).WithSummary("Delete the workflow, its versions and runs; 409 while a run is in progress.");
        workflows.MapGet("/{id:guid}/versions", VersionsAsync).WithSummary("Saved versions, newest first.");
        workflows.MapPost("/{id:guid}/runs", StartAsync).RequiresPermission(Resource.Workflow, ActionClass.Operate).WithSummary("Run the latest version with {input} as trigger.body: 202 {runId}.");
        workflows.MapGet("/{id:guid}/runs", (Guid id, IWorkflowRuns runs, CancellationToken ct, string? status = null, int limit = 50) => ListRunsAsync(id, status, limit, runs, ct));
        workflows.MapPost("/{id:guid}/enable", (Guid id, WorkflowService service, CancellationToken ct) => SetEnabledAsync(id, true, service, ct))
            .RequiresPermission(Resource.Workflow, ActionClass.Manage).WithSummary("Turn the workflow's triggers (schedule, webhook, deployment event) on.");
        workflows.MapPost("/{id:guid}/disable", (Guid id, WorkflowService service, CancellationToken ct) => SetEnabledAsync(id, false, service, ct))
            .RequiresPermission(Resource.Workflow, ActionClass.Manage).WithSummary("Turn the workflow's triggers off: no schedule, webhook or deployment event starts a run; manual runs still do.");
        workflows.MapPost("/{id:guid}/webhook-token", CreateWebhookTokenAsync).RequiresPermission(Resource.Workflow, ActionClass.Manage).WithSummary("Create or rotate the webhook token; it is shown this once.");

        var runs = api.MapGroup("/workflow-runs").WithTags("Workflows").RequiresPermission(Resource.Workflow, ActionClass.Read);
        runs.MapGet("/", (IWorkflowRuns r, CancellationToken ct, Guid? workflowId = null, string? status = null, int limit = 50) => ListRunsAsync(workflowId, status, limit, r, ct))
            .WithSummary("Runs newest first; filter with ?workflowId=&status=&limit=.");
        runs.MapGet("/{id:guid}", GetRunAsync).WithSummary("A run with every node's state, input, output and logs.");
        runs.MapPost("/{id:guid}/cancel", (Guid id, IWorkflowRuns r, ClaimsPrincipal u, CancellationToken ct) => RunResultAsync(r.CancelAsync(id, u.Identity?.Name, ct)))
            .RequiresPermission(Resource.Workflow, ActionClass.Operate);
        runs.MapPost("/{id:guid}/nodes/{nodeId}/approve", (Guid id, string nodeId, IWorkflowRuns r, ClaimsPrincipal u, CancellationToken ct) =>
            RunResultAsync(r.ApproveAsync(id, nodeId, UserName(u), ct))).RequiresPermission(Resource.Workflow, ActionClass.Operate);
        runs.MapPost("/{id:guid}/nodes/{nodeId}/reject", (Guid id, string nodeId, IWorkflowRuns r, ClaimsPrincipal u, CancellationToken ct) =>
            RunResultAsync(r.RejectAsync(id, nodeId, UserName(u), ct))).RequiresPermission(Resource.Workflow, ActionClass.Operate);
        runs.MapPost("/{id:guid}/nodes/{nodeId}/rerun", RerunAsync).RequiresPermission(Resource.Workflow, ActionClass.Operate).WithSummary("A new run reusing the outputs of nodes before {nodeId}: 202 {runId}.");

        api.MapGet("/workflow-templates", () => TypedResults.Ok(WorkflowTemplates.All.Select(ToResponse).ToList()))
            .WithTags("Workflows").RequiresSignedIn()
            .WithSummary("The shipped workflow templates in the stored format ({id, name, description, nodes, edges}); POST one to /workflows to create it.");

        // Anonymous by design: the token is the credential. An unknown token is a 404 and starts nothing.
        api.MapPost("/hooks/{token}", WebhookAsync).WithTags("Workflows").AllowAnonymous()
            .WithSummary("Start the run of the workflow that owns {token}; the JSON body becomes trigger.body.");
        return api;
    }

    internal static string StatusName<T>(T status)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    internal static JsonObject ToResponse(Workflow workflow) => WithGraph(
        new JsonObject
        {
            ["id"] = workflow.Id,
            ["name"] = workflow.Name,
            ["description"] = workflow.Description,
            ["version"] = workflow.Version,
            ["enabled"] = workflow.Enabled,
            ["createdAt"] = workflow.CreatedAt,
            ["updatedAt"] = workflow.UpdatedAt,
        },
        workflow.Graph);

    private static JsonObject ToResponse(WorkflowTemplate template) => WithGraph(
        new JsonObject { ["id"] = template.Id, ["name"] = template.Name, ["description"] = template.Description },
        template.Graph);

    // The stored format puts nodes and edges next to the name, not under a "graph" key.
    private static JsonObject WithGraph(JsonObject body, WorkflowGraph graph)
    {
        var nodes = JsonNode.Parse(WorkflowGraphJson.Write(graph))!.AsObject();
        foreach (var (key, value) in nodes.ToList())
        {
            nodes.Remove(key);
            body[key] = value;
        }

        return body;
    }

    internal static RunResponse ToResponse(WorkflowRun run, bool withNodes) => new(
        run.Id,
        run.WorkflowId,
        run.WorkflowVersion,
        StatusName(run.Status),
        run.Error,
        run.Trigger,
        run.Vars,
        run.CreatedAt,
        run.StartedAt,
        run.FinishedAt,
        withNodes
            ? run.Graph.Nodes.Select(n => run.Nodes.GetValueOrDefault(n.Id) is { } state
                ? new NodeRunView(n.Id, n.Type, n.Name, StatusName(state.Status), state.Attempt, state.Input, state.Output, state.Ports, state.Error, state.Logs,
                    state.StartedAt, state.FinishedAt, state.ApprovalDeadline)
                : new NodeRunView(n.Id, n.Type, n.Name, StatusName(NodeRunStatus.Pending), 0, null, null, null, null, [], null, null, null)).ToList()
            : null);

    private static async Task<IResult> ListAsync(IWorkflowService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.ListAsync(cancellationToken)).Select(ToResponse).ToList());

    private static async Task<IResult> GetAsync(Guid id, IWorkflowService service, CancellationToken cancellationToken, int? version = null) =>
        OperationProblems.OkOr(await service.GetAsync(id, version, cancellationToken), ToResponse);

    private static async Task<IResult> CreateAsync(JsonElement body, IWorkflowService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (ReadDraft(body) is not { } draft)
        {
            return InvalidGraph(body);
        }

        var result = await service.CreateAsync(draft, user.Identity?.Name, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/workflows/{result.Value!.Id}", ToResponse(result.Value))
            : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> UpdateAsync(Guid id, JsonElement body, IWorkflowService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (ReadDraft(body) is not { } draft)
        {
            return InvalidGraph(body);
        }

        return OperationProblems.OkOr(await service.UpdateAsync(id, draft, user.Identity?.Name, cancellationToken), ToResponse);
    }

    private static async Task<IResult> DeleteAsync(Guid id, IWorkflowService service, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(id, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> SetEnabledAsync(Guid id, bool enabled, WorkflowService service, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await service.SetEnabledAsync(id, enabled, cancellationToken), ToResponse);

    private static async Task<IResult> VersionsAsync(Guid id, IWorkflowService service, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await service.VersionsAsync(id, cancellationToken), versions =>
            versions.Select(v => new VersionResponse(v.Number, v.ChangeSummary, v.Author, v.CreatedAt)).ToList());

    private static async Task<IResult> StartAsync(Guid id, StartBody? body, IWorkflowRuns runs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await runs.StartAsync(id, body?.Input, user.Identity?.Name, cancellationToken);
        return result.Succeeded
            ? TypedResults.Accepted($"/api/v1/workflow-runs/{result.Value!.Id}", new RunAcceptedResponse(result.Value.Id))
            : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> RerunAsync(Guid id, string nodeId, IWorkflowRuns runs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await runs.RerunFromAsync(id, nodeId, user.Identity?.Name, cancellationToken);
        return result.Succeeded
            ? TypedResults.Accepted($"/api/v1/workflow-runs/{result.Value!.Id}", new RunAcceptedResponse(result.Value.Id))
            : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> ListRunsAsync(Guid? workflowId, string? status, int limit, IWorkflowRuns runs, CancellationToken cancellationToken)
    {
        WorkflowRunStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<WorkflowRunStatus>(status, ignoreCase: true, out var parsed))
            {
                return OperationProblems.Of(OperationError.Invalid("status", $"'{status}' is not one of pending, running, succeeded, failed, cancelled."));
            }

            filter = parsed;
        }

        return TypedResults.Ok((await runs.ListAsync(workflowId, filter, limit, cancellationToken)).Select(r => ToResponse(r, withNodes: false)).ToList());
    }

    private static async Task<IResult> GetRunAsync(Guid id, IWorkflowRuns runs, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await runs.GetAsync(id, cancellationToken), r => ToResponse(r, withNodes: true));

    private static async Task<IResult> RunResultAsync(Task<OperationResult<WorkflowRun>> action) =>
        OperationProblems.OkOr(await action, r => ToResponse(r, withNodes: true));

    private static async Task<IResult> CreateWebhookTokenAsync(Guid id, WorkflowRunService runs, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await runs.CreateWebhookTokenAsync(id, cancellationToken);
        return OperationProblems.OkOr(result, token =>
            new WebhookTokenResponse(token, $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/api/v1/hooks/{token}"));
    }

    private static async Task<IResult> WebhookAsync(string token, HttpRequest request, WorkflowRunService runs, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        JsonNode? body;
        try
        {
            body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Not every sender posts JSON; the text is still useful to the workflow.
            body = JsonValue.Create(text);
        }

        var result = await runs.StartFromWebhookAsync(token, body, cancellationToken);
        return result.Succeeded
            ? TypedResults.Accepted($"/api/v1/workflow-runs/{result.Value!.Id}", new RunAcceptedResponse(result.Value.Id))
            : OperationProblems.Of(result.Error!);
    }

    private static WorkflowDraft? ReadDraft(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            var graph = WorkflowGraphJson.Read(body.GetRawText());
            return new WorkflowDraft(Text(body, "name") ?? "", Text(body, "description"), graph, Text(body, "changeSummary"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult InvalidGraph(JsonElement body)
    {
        var reason = "The body must be a workflow in the stored format: {name, description, nodes: [{id, type, config}], edges: [{from, to}]}.";
        if (body.ValueKind == JsonValueKind.Object)
        {
            try
            {
                WorkflowGraphJson.Read(body.GetRawText());
            }
            catch (JsonException ex)
            {
                reason = ex.Message;
            }
        }

        return OperationProblems.Of(OperationError.Invalid("graph", reason));
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string UserName(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
