using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Organizations;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/settings</c>: system settings, for super admins. Only the Keycloak role mapping is editable so far.</summary>
internal static class SettingsEndpoints
{
    public sealed record RoleMappingRequest(string? Claim, string? Value, Guid? OrganizationId, string? Role);

    public sealed record RoleMappingResponse(Guid? Id, string Source, string Claim, string Value, string? Organization, string Role);

    public sealed record UnmappedUsersRequest(string? Policy, Guid? OrganizationId, string? Role);

    public sealed record UnmappedUsersResponse(string Source, string Policy, string? Organization, Guid? OrganizationId, string? Role);

    public static RouteGroupBuilder MapSettingsEndpoints(this RouteGroupBuilder api)
    {
        var mappings = api.MapGroup("/settings/role-mappings").WithTags("Settings");
        mappings.MapGet("/", async (RoleMappingService service, CancellationToken ct) => TypedResults.Ok((await service.ListAsync(ct)).Select(ToResponse).ToList()))
            .RequiresPermission(Resource.Settings, ActionClass.Read).WithSummary("The effective Keycloak role mapping: configuration rules (no id), then settings rules.");
        mappings.MapPost("/", async (RoleMappingRequest? request, RoleMappingService service, CancellationToken ct) =>
        {
            var result = await service.CreateAsync(
                Parse<ExternalClaimKind>(request?.Claim), request?.Value, request?.OrganizationId, Parse<OrganizationRoleGrant>(request?.Role), ct);
            return result.Succeeded
                ? TypedResults.Created($"/api/v1/settings/role-mappings/{result.Value!.Id}", ToResponse(result.Value))
                : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Settings, ActionClass.Manage)
            .WithSummary("Add a rule: claim Group, RealmRole or ClientRole; role Viewer, Operator, Admin (with organizationId) or SuperAdmin. Applies from the next sign-in.");
        mappings.MapDelete("/{id:guid}", async (Guid id, RoleMappingService service, CancellationToken ct) =>
        {
            var result = await service.DeleteAsync(id, ct);
            return result.Succeeded ? TypedResults.NoContent() : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Settings, ActionClass.Manage).WithSummary("Delete a settings rule (configuration rules are changed in configuration).");

        mappings.MapGet("/unmapped", async (RoleMappingService service, CancellationToken ct) => TypedResults.Ok(ToResponse(await service.UnmappedAsync(ct))))
            .RequiresPermission(Resource.Settings, ActionClass.Read).WithSummary("What users no rule matches get, and whether settings or configuration decided it.");
        mappings.MapPut("/unmapped", async (UnmappedUsersRequest? request, RoleMappingService service, CancellationToken ct) =>
        {
            var result = await service.SetUnmappedAsync(
                Parse<UnmappedUserPolicy>(request?.Policy), request?.OrganizationId, Parse<OrganizationRoleGrant>(request?.Role ?? nameof(OrganizationRoleGrant.Viewer)), ct);
            return result.Succeeded ? Results.Ok(ToResponse(result.Value!)) : OperationProblems.Of(result.Error!);
        }).RequiresPermission(Resource.Settings, ActionClass.Manage)
            .WithSummary("Choose what users no rule matches get: policy Default (role Viewer, Operator or Admin of organizationId) or Refuse. Replaces the configured choice; applies from the next sign-in.");
        mappings.MapDelete("/unmapped", async (RoleMappingService service, CancellationToken ct) => TypedResults.Ok(ToResponse(await service.ResetUnmappedAsync(ct))))
            .RequiresPermission(Resource.Settings, ActionClass.Manage).WithSummary("Drop the settings choice for unmapped users: configuration decides again.");
        return api;
    }

    // Unknown names become an undefined value, which the service reports as invalid.
    private static T Parse<T>(string? name)
        where T : struct, Enum =>
        Enum.TryParse<T>(name, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : (T)(object)(-1);

    private static UnmappedUsersResponse ToResponse(EffectiveUnmappedUsers u) => new(
        u.Source.ToString(),
        u.Rule.Policy.ToString(),
        u.Rule.Policy == UnmappedUserPolicy.Refuse ? null : u.Rule.Organization,
        u.OrganizationId,
        u.Rule.Policy == UnmappedUserPolicy.Refuse ? null : u.Rule.Role.ToString());

    private static RoleMappingResponse ToResponse(EffectiveRoleMapping m) =>
        new(m.Id, m.Source.ToString(), m.Rule.Claim.ToString(), m.Rule.Value, m.Rule.Organization, m.Rule.Role.ToString());
}
