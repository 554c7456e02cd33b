using WindFlow.Core.Organizations;

namespace WindFlow.Web.Auth;

/// <summary>
/// What the UI shows to the circuit's user, read from the same <see cref="PermissionTable"/> that
/// <see cref="AccessGuard"/> enforces in the services: hiding a button is a courtesy, the service
/// still refuses. For a resource of one known organisation it is <see cref="AccessGuard.CanAsync"/>;
/// for a page-level action (a "New ..." button) it asks about the chosen organisation, or about any
/// organisation the user belongs to when none is chosen.
/// </summary>
public sealed class AccessView(AccessGuard guard, CircuitAccess circuit)
{
    /// <summary>True when the user may do <paramref name="action"/> on <paramref name="resource"/> in <paramref name="organizationId"/> (or, when null, somewhere).</summary>
    public async Task<bool> CanAsync(Guid? organizationId, Resource resource, ActionClass action)
    {
        if (circuit.Caller.UserId is null)
        {
            return false;
        }

        try
        {
            var scope = organizationId ?? circuit.OrganizationId;
            if (scope is not null || !PermissionTable.IsOrganizationScoped(resource))
            {
                return await guard.CanAsync(scope, resource, action, CancellationToken.None);
            }

            var access = await guard.RequireUserAsync(CancellationToken.None);
            return access.IsSuperAdmin || access.Memberships.Values.Any(role => PermissionTable.Allows(resource, action, false, role));
        }
        catch (AccessDeniedException)
        {
            // Deactivated or deleted since the circuit started: nothing is allowed.
            return false;
        }
    }

    /// <summary>For rows of a list that mixes organisations: one check per row without a call each.</summary>
    public Task<Func<Guid, bool>> AllowedInAsync(Resource resource, ActionClass action) =>
        WithUserAsync<Func<Guid, bool>>(access => organizationId => PermissionTable.Allows(resource, action, access.IsSuperAdmin, access.RoleIn(organizationId)), _ => false);

    /// <summary>True when the user has at least <paramref name="minimum"/> in the organisation (the rule of <see cref="AccessGuard.DemandRoleAsync"/>).</summary>
    public Task<bool> HasRoleAsync(Guid organizationId, OrganizationRole minimum) =>
        WithUserAsync(access => AccessGuard.HasRole(access, organizationId, minimum), false);

    /// <summary>True for super admins.</summary>
    public Task<bool> IsSuperAdminAsync() => CanAsync(null, Resource.User, ActionClass.Manage);

    /// <summary>True when the administration section has something for the user: super admins, and admins of an organisation (its members).</summary>
    public async Task<bool> SeesAdministrationAsync() =>
        await IsSuperAdminAsync() || (await AdministeredOrganizationIdsAsync()).Count > 0;

    /// <summary>The organisations whose members the user manages (every one for super admins).</summary>
    public async Task<IReadOnlyList<Guid>> AdministeredOrganizationIdsAsync()
    {
        if (circuit.Caller.UserId is null)
        {
            return [];
        }

        try
        {
            var access = await guard.RequireUserAsync(CancellationToken.None);
            var visible = await guard.VisibleOrganizationIdsAsync(access, CancellationToken.None);
            return visible.Where(id => PermissionTable.Allows(Resource.Member, ActionClass.Manage, access.IsSuperAdmin, access.RoleIn(id))).ToList();
        }
        catch (AccessDeniedException)
        {
            return [];
        }
    }

    // The answer for the signed-in user, or `denied` when there is none or they were deactivated or deleted since the circuit started.
    private async Task<T> WithUserAsync<T>(Func<UserAccess, T> answer, T denied)
    {
        if (circuit.Caller.UserId is null)
        {
            return denied;
        }

        try
        {
            return answer(await guard.RequireUserAsync(CancellationToken.None));
        }
        catch (AccessDeniedException)
        {
            return denied;
        }
    }
}
