using System.Security.Claims;
using System.Text.Json;
using WindFlow.Core.Deployments;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Organizations;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/deployments</c> and <c>/api/v1/runs</c>: deploy stacks, act on deployments, follow runs.</summary>
internal static class DeploymentEndpoints
{
    /// <summary>Values may be JSON strings, numbers or booleans; they are handled as text, as a form sends them.</summary>
    public sealed record DeployBody(Guid StackId, int? StackVersion, Guid TargetId, string? Name, Dictionary<string, JsonElement>? Values, bool? AutoRollback);

    public sealed record ValuesBody(Dictionary<string, JsonElement>? Values, int? StackVersion);

    public sealed record RollbackBody(int Revision);

    public sealed record AdoptBody(Guid TargetId, string? Project, Guid StackId, int? StackVersion, Dictionary<string, JsonElement>? Values, bool? AutoRollback);

    public sealed record DeploymentSummary(
        Guid Id, string Name, Guid StackId, int StackVersion, Guid TargetId, string Status, string? StatusMessage, int? Revision, bool AutoRollback, DateTimeOffset UpdatedAt);

    public sealed record ContainerView(string Id, string Name, string State, string Status, string? Health, string Image, IReadOnlyList<string> Ports);

    public sealed record ServiceView(string Name, IReadOnlyList<ContainerView> Containers);

    public sealed record DeploymentResponse(
        Guid Id,
        string Name,
        Guid StackId,
        string StackName,
        int StackVersion,
        Guid TargetId,
        string TargetName,
        string Status,
        string? StatusMessage,
        int? Revision,
        bool AutoRollback,
        IReadOnlyList<ServiceView> Services,
        string? EngineError,
        Guid? ActiveRunId,
        IReadOnlyDictionary<string, string?> Values,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt);

    public sealed record PlanItem(string Service, string Action, string Reason, int Existing, int Desired);

    public sealed record RevisionResponse(int Number, int StackVersion, string RenderedCompose, string ValuesHash, IReadOnlyDictionary<string, string> Images, Guid RunId, DateTimeOffset CreatedAt);

    public static RouteGroupBuilder MapDeploymentEndpoints(this RouteGroupBuilder api)
    {
        // Any signed-in user for now; organisation roles (issue #5) will narrow this in DeploymentService.
        var deployments = api.MapGroup("/deployments").WithTags("Deployments");
        deployments.MapGet("/", ListAsync).WithSummary("Deployments by name (removed ones with ?removed=true).").RequiresPermission(Resource.Deployment, ActionClass.Read);
        deployments.MapPost("/", CreateAsync).WithSummary("Deploy a stack to a target: 202 with the deployment and its first run.").RequiresPermission(Resource.Deployment, ActionClass.Operate);
        deployments.MapPost("/plan", PlanNewAsync).WithSummary("What deploying would do on the target now (nothing is saved).").RequiresPermission(Resource.Deployment, ActionClass.Operate);
        deployments.MapPost("/adopt", AdoptAsync)
            .WithSummary("Record a compose project already running on a target as a deployment of a stack, without touching its containers.").RequiresPermission(Resource.Deployment, ActionClass.Operate);
        api.MapGet("/targets/{id:guid}/projects", ProjectsAsync).WithTags("Deployments")
            .WithSummary("Compose projects on a target (by their labels), with the deployment that manages each, if any.").RequiresPermission(Resource.Container, ActionClass.Read);
        deployments.MapGet("/{id:guid}", GetAsync).WithSummary("Status, revision, values (secrets masked) and live services.").RequiresPermission(Resource.Deployment, ActionClass.Read);
        deployments.MapPost("/{id:guid}/plan", PlanUpdateAsync).WithSummary("What updating to these values would do: create, recreate, remove or unchanged per service.").RequiresPermission(Resource.Deployment, ActionClass.Operate);
        deployments.MapPut("/{id:guid}", UpdateAsync).WithSummary("Update values and/or stack version: 202 with the run. Empty secret values keep the current ones.").RequiresPermission(Resource.Deployment, ActionClass.Operate);
        deployments.MapPost("/{id:guid}/start", (Guid id, DeploymentService s, ClaimsPrincipal u, CancellationToken ct) => ActAsync(id, RunKind.Start, new RunParameters(), s, u, ct)).RequiresPermission(Resource.Deployment, ActionClass.Operate);
        deployments.MapPost("/{id:guid}/stop", (Guid id, DeploymentService s, ClaimsPrincipal u, CancellationToken ct) => ActAsync(id, RunKind.Stop, new RunParameters(), s, u, ct)).RequiresPermission(Resource.Deployment, ActionClass.Operate);
        deployments.MapPost("/{id:guid}/restart", (Guid id, DeploymentService s, ClaimsPrincipal u, CancellationToken ct) => ActAsync(id, RunKind.Restart, new RunParameters(), s, u, ct)).RequiresPermission(Resource.Deployment, ActionClass.Operate);
        deployments.MapPost("/{id:guid}/rollback", (Guid id, RollbackBody body, DeploymentService s, ClaimsPrincipal u, CancellationToken ct) =>
            ActAsync(id, RunKind.Rollback, new RunParameters(Revision: body.Revision), s, u, ct)).WithSummary("Roll back to {revision}: redeploys what it ran, images pinned.").RequiresPermission(Resource.Deployment, ActionClass.Operate);
        deployments.MapDelete("/{id:guid}", (Guid id, DeploymentService s, ClaimsPrincipal u, CancellationToken ct, bool keepVolumes = false) =>
            ActAsync(id, RunKind.Remove, new RunParameters(KeepVolumes: keepVolumes), s, u, ct)).WithSummary("Remove containers and networks, and volumes unless ?keepVolumes=true: 202 with the run.").RequiresPermission(Resource.Deployment, ActionClass.Manage);
        deployments.MapGet("/{id:guid}/revisions", RevisionsAsync).WithSummary("Revisions, newest first; rendered files have secrets masked.").RequiresPermission(Resource.Deployment, ActionClass.Read);
        deployments.MapGet("/{id:guid}/runs", (Guid id, DeploymentService s, CancellationToken ct, int limit = 50) => RunEndpoints.ListAsync(id, s, ct, limit)).RequiresPermission(Resource.Run, ActionClass.Read);
        return api;
    }

    private static async Task<IResult> ListAsync(DeploymentService service, CancellationToken cancellationToken, bool removed = false) =>
        TypedResults.Ok((await service.ListAsync(removed, cancellationToken)).Select(d => new DeploymentSummary(
            d.Id, d.Name, d.StackId, d.StackVersion, d.TargetId, Status(d.Status), d.StatusMessage, d.CurrentRevision, d.AutoRollback, d.UpdatedAt)).ToList());

    private static async Task<IResult> GetAsync(Guid id, DeploymentService service, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await service.GetAsync(id, cancellationToken), ToResponse);

    private static async Task<IResult> CreateAsync(DeployBody body, DeploymentService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await service.CreateAsync(ToRequest(body), user.Identity?.Name, cancellationToken);
        return result.Succeeded
            ? TypedResults.Accepted($"/api/v1/runs/{result.Value!.RunId}", result.Value)
            : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> AdoptAsync(AdoptBody body, DeploymentAdoption adoption, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await adoption.AdoptAsync(
            new AdoptRequest(body.TargetId, body.Project, body.StackId, body.StackVersion, Text(body.Values), body.AutoRollback ?? true), user.Identity?.Name, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/deployments/{result.Value!.Id}", new { deploymentId = result.Value.Id, revision = result.Value.CurrentRevision })
            : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> ProjectsAsync(Guid id, DeploymentAdoption adoption, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await adoption.ListProjectsAsync(id, cancellationToken), projects => projects);

    private static async Task<IResult> PlanNewAsync(DeployBody body, DeploymentService service, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await service.PlanNewAsync(ToRequest(body), cancellationToken), ToPlan);

    private static async Task<IResult> PlanUpdateAsync(Guid id, ValuesBody? body, DeploymentService service, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await service.PlanUpdateAsync(id, Text(body?.Values), body?.StackVersion, cancellationToken), ToPlan);

    private static async Task<IResult> UpdateAsync(Guid id, ValuesBody? body, DeploymentService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await service.UpdateAsync(id, Text(body?.Values), body?.StackVersion, user.Identity?.Name, cancellationToken);
        return result.Succeeded ? TypedResults.Accepted($"/api/v1/runs/{result.Value!.RunId}", result.Value) : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> ActAsync(Guid id, RunKind kind, RunParameters parameters, DeploymentService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await service.ActAsync(id, kind, parameters, user.Identity?.Name, cancellationToken);
        return result.Succeeded ? TypedResults.Accepted($"/api/v1/runs/{result.Value!.RunId}", result.Value) : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> RevisionsAsync(Guid id, DeploymentService service, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await service.RevisionsAsync(id, cancellationToken), revisions => revisions.Select(r => new RevisionResponse(
            r.Number,
            r.StackVersion,
            r.RenderedCompose,
            r.ValuesHash,
            JsonSerializer.Deserialize<Dictionary<string, string>>(r.ImageDigestsJson) ?? [],
            r.RunId,
            r.CreatedAt)).ToList());

    private static DeployRequest ToRequest(DeployBody body) =>
        new(body.StackId, body.StackVersion, body.TargetId, body.Name, Text(body.Values), body.AutoRollback ?? true);

    private static Dictionary<string, string?>? Text(Dictionary<string, JsonElement>? values) => values?.ToDictionary(
        p => p.Key,
        p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => p.Value.GetRawText(),
        });

    private static List<PlanItem> ToPlan(ProjectPlan plan) =>
        plan.Services.Select(s => new PlanItem(s.Service, s.Action.ToString().ToLowerInvariant(), s.Reason, s.ExistingContainers, s.DesiredContainers)).ToList();

    internal static string Status(DeploymentStatus status) => status switch
    {
        DeploymentStatus.RollingBack => "rolling_back",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static DeploymentResponse ToResponse(DeploymentDetails details) => new(
        details.Deployment.Id,
        details.Deployment.Name,
        details.Deployment.StackId,
        details.StackName,
        details.Deployment.StackVersion,
        details.Deployment.TargetId,
        details.TargetName,
        Status(details.Deployment.Status),
        details.Deployment.StatusMessage,
        details.Deployment.CurrentRevision,
        details.Deployment.AutoRollback,
        details.Services.Select(s => new ServiceView(s.Service, s.Containers.Select(c => new ContainerView(
            c.Id, c.Name, c.State, c.Status, c.Health, c.Image, c.Ports.Select(p => p.PublicPort is { } pub ? $"{p.HostIp}:{pub}->{p.PrivatePort}/{p.Protocol}" : $"{p.PrivatePort}/{p.Protocol}").ToList())).ToList())).ToList(),
        details.EngineError,
        details.ActiveRun?.Id,
        details.Values,
        details.Deployment.CreatedAt,
        details.Deployment.UpdatedAt);
}
