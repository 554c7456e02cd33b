using WindFlow.Core.Organizations;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/users</c>: accounts, for super admins. DELETE deactivates: accounts are kept for the audit log.</summary>
internal static class UserEndpoints
{
    public sealed record CreateUserRequest(string? Username, string? Email, string? Password);

    public sealed record UpdateUserRequest(string? Email, bool? IsSuperAdmin, bool? IsActive);

    public sealed record UserResponse(string Id, string Username, string? Email, bool IsSuperAdmin, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);

    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", async (UserService service, CancellationToken ct) => TypedResults.Ok((await service.ListAsync(ct)).Select(ToResponse).ToList()))
            .RequiresPermission(Resource.User, ActionClass.Read).WithSummary("Every account.");
        users.MapPost("/", async (CreateUserRequest? request, UserService service, CancellationToken ct) =>
        {
            var result = await service.CreateAsync(request?.Username, request?.Email, request?.Password, ct);
            return result.Succeeded
                ? TypedResults.Created($"/api/v1/users/{result.Value!.Id}", ToResponse(result.Value))
                : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.User, ActionClass.Manage).WithSummary("Create an account; without a password it can sign in only through SSO.");
        users.MapGet("/{id}", async (string id, UserService service, CancellationToken ct) => OperationProblems.OkOr(await service.GetAsync(id, ct), ToResponse))
            .RequiresPermission(Resource.User, ActionClass.Read).WithSummary("One account.");
        users.MapPut("/{id}", async (string id, UpdateUserRequest? request, UserService service, CancellationToken ct) =>
            OperationProblems.OkOr(await service.UpdateAsync(id, request?.Email, request?.IsSuperAdmin, request?.IsActive, ct), ToResponse))
            .RequiresPermission(Resource.User, ActionClass.Manage).WithSummary("Change email, super admin flag or active state; the last super admin cannot be demoted or deactivated.");
        users.MapDelete("/{id}", async (string id, UserService service, CancellationToken ct) =>
        {
            var result = await service.DeactivateAsync(id, ct);
            return result.Succeeded ? TypedResults.NoContent() : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.User, ActionClass.Manage).WithSummary("Deactivate an account: it can no longer sign in and its sessions end.");
        return api;
    }

    private static UserResponse ToResponse(UserSummary u) => new(u.Id, u.UserName, u.Email, u.IsSuperAdmin, u.IsActive, u.CreatedAt, u.LastSignInAt);
}
