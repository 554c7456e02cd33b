using WindFlow.Core.Organizations;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/organizations</c>: organisations, their environments and members.</summary>
internal static class OrganizationEndpoints
{
    public sealed record OrganizationRequest(string? Name, string? Slug);

    public sealed record OrganizationResponse(Guid Id, string Name, string Slug, DateTimeOffset CreatedAt);

    public sealed record EnvironmentRequest(string? Name);

    public sealed record EnvironmentResponse(Guid Id, Guid OrganizationId, string Name, string Kind);

    public sealed record MemberRequest(string? Username, string? Role);

    public sealed record MemberResponse(string UserId, string Username, string? Email, string Role);

    public static RouteGroupBuilder MapOrganizationEndpoints(this RouteGroupBuilder api)
    {
        var organizations = api.MapGroup("/organizations").WithTags("Organizations");
        // Every signed-in user lists the organisations they belong to (super admins: all).
        organizations.MapGet("/", async (OrganizationService service, CancellationToken ct) =>
            TypedResults.Ok((await service.ListAsync(ct)).Select(ToResponse).ToList()))
            .RequiresSignedIn().WithSummary("The organisations the caller belongs to (every one for super admins).");
        organizations.MapPost("/", async (OrganizationRequest? request, OrganizationService service, CancellationToken ct) =>
        {
            var result = await service.CreateAsync(request?.Name, request?.Slug, ct);
            return result.Succeeded
                ? TypedResults.Created($"/api/v1/organizations/{result.Value!.Id}", ToResponse(result.Value))
                : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Organization, ActionClass.Manage).WithSummary("Create an organisation with development, staging and production environments.");
        organizations.MapGet("/{id:guid}", async (Guid id, OrganizationService service, CancellationToken ct) =>
            OperationProblems.OkOr(await service.GetAsync(id, ct), ToResponse))
            .RequiresPermission(Resource.Organization, ActionClass.Read).WithSummary("One organisation.");
        organizations.MapPut("/{id:guid}", async (Guid id, OrganizationRequest? request, OrganizationService service, CancellationToken ct) =>
            OperationProblems.OkOr(await service.UpdateAsync(id, request?.Name, request?.Slug, ct), ToResponse))
            .RequiresPermission(Resource.Organization, ActionClass.Manage).WithSummary("Rename an organisation or change its slug.");
        organizations.MapDelete("/{id:guid}", async (Guid id, OrganizationService service, CancellationToken ct) =>
        {
            var result = await service.DeleteAsync(id, ct);
            return result.Succeeded ? TypedResults.NoContent() : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Organization, ActionClass.Manage).WithSummary("Delete an organisation that owns no targets, stacks or deployments.");

        organizations.MapGet("/{id:guid}/environments", async (Guid id, OrganizationService service, CancellationToken ct) =>
            OperationProblems.OkOr(await service.ListEnvironmentsAsync(id, ct), list => list.Select(ToResponse).ToList()))
            .RequiresPermission(Resource.Environment, ActionClass.Read).WithSummary("The organisation's environments.");
        organizations.MapPost("/{id:guid}/environments", async (Guid id, EnvironmentRequest? request, OrganizationService service, CancellationToken ct) =>
        {
            var result = await service.CreateEnvironmentAsync(id, request?.Name, ct);
            return result.Succeeded
                ? TypedResults.Created($"/api/v1/organizations/{id}/environments", ToResponse(result.Value!))
                : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Environment, ActionClass.Manage).WithSummary("Add an environment (development, staging, production or a custom name).");
        organizations.MapDelete("/{id:guid}/environments/{environmentId:guid}", async (Guid id, Guid environmentId, OrganizationService service, CancellationToken ct) =>
        {
            var result = await service.DeleteEnvironmentAsync(id, environmentId, ct);
            return result.Succeeded ? TypedResults.NoContent() : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Environment, ActionClass.Manage).WithSummary("Remove an environment that holds no targets; the last one stays.");

        organizations.MapGet("/{id:guid}/members", async (Guid id, MembershipService service, CancellationToken ct) =>
            OperationProblems.OkOr(await service.ListAsync(id, ct), list => list.Select(ToResponse).ToList()))
            .RequiresPermission(Resource.Member, ActionClass.Read).WithSummary("Members and their roles.");
        organizations.MapPost("/{id:guid}/members", async (Guid id, MemberRequest? request, MembershipService service, CancellationToken ct) =>
        {
            var result = await service.AddAsync(id, request?.Username, ParseRole(request?.Role), ct);
            return result.Succeeded
                ? TypedResults.Created($"/api/v1/organizations/{id}/members/{result.Value!.UserId}", ToResponse(result.Value))
                : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Member, ActionClass.Manage).WithSummary("Add a user with a role (viewer, operator, admin); nobody grants a role above their own.");
        organizations.MapPut("/{id:guid}/members/{userId}", async (Guid id, string userId, MemberRequest? request, MembershipService service, CancellationToken ct) =>
            OperationProblems.OkOr(await service.ChangeRoleAsync(id, userId, ParseRole(request?.Role), ct), ToResponse))
            .RequiresPermission(Resource.Member, ActionClass.Manage).WithSummary("Change a member's role.");
        organizations.MapDelete("/{id:guid}/members/{userId}", async (Guid id, string userId, MembershipService service, CancellationToken ct) =>
        {
            var result = await service.RemoveAsync(id, userId, ct);
            return result.Succeeded ? TypedResults.NoContent() : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Member, ActionClass.Manage).WithSummary("Remove a member.");
        return api;
    }

    // Unknown names become null, which the service reports as an invalid role.
    private static OrganizationRole? ParseRole(string? role) =>
        Enum.TryParse<OrganizationRole>(role, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(role, out _) ? parsed : null;

    private static OrganizationResponse ToResponse(Organization o) => new(o.Id, o.Name, o.Slug, o.CreatedAt);

    private static EnvironmentResponse ToResponse(OrganizationEnvironment e) => new(e.Id, e.OrganizationId, e.Name, e.Kind.ToString().ToLowerInvariant());

    private static MemberResponse ToResponse(MemberView m) => new(m.UserId, m.UserName, m.Email, m.Role.ToString().ToLowerInvariant());
}
