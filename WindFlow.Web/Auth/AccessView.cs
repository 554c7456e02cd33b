using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;

namespace WindFlow.Web.Auth;

/// <summary>
/// What the user may do with the containers, images, volumes and networks of one target's engine
/// (<see cref="Resource.Container"/>, as <see cref="TargetEngines"/> checks): start, stop, pull
/// (operate); create, remove, prune (manage).
/// </summary>
public sealed record TargetPermissions(bool Operate, bool Manage)
{
    /// <summary>Nothing allowed; the state before the check has answered.</summary>
    public static TargetPermissions None { get; } = new(false, false);
}

/// <summary>
/// What the UI shows to the circuit's user, read from the same <see cref="PermissionTable"/> that
/// <see cref="AccessGuard"/> enforces in the services: hiding a button is a courtesy, the service
/// still refuses. For a resource of one known organisation it is <see cref="AccessGuard.CanAsync"/>;
/// for a page-level action (a "New ..." button) it asks about the chosen organisation, or about any
/// organisation the user belongs to when none is chosen.
/// </summary>
public sealed class AccessView(AccessGuard guard, CircuitAccess circuit, ITargetStore targets)
{
    // A target's organisation does not change; rows of a container list ask once per target, not per row.
    private readonly Dictionary<Guid, Guid?> _targetOrganizations = [];

    /// <summary>The tooltip of a button the role does not allow, from the permission table ("Needs the admin role").</summary>
    public static string Needs(Resource resource, ActionClass action) => "Needs " + AccessGuard.Needed(resource, action);

    /// <summary>What the user may do on the engine of <paramref name="targetId"/>; nothing when the target is not theirs to see.</summary>
    public async Task<TargetPermissions> OnTargetAsync(Guid targetId)
    {
        // The store, not TargetService: a probe for a button must not mark the caller's acting
        // organisation or audit a refused read the way a real call does.
        if (!_targetOrganizations.TryGetValue(targetId, out var organizationId))
        {
            organizationId = (await targets.FindAsync(targetId, CancellationToken.None))?.OrganizationId;
            _targetOrganizations[targetId] = organizationId;
        }

        return organizationId is { } id
            ? await WithUserAsync(
                access => new TargetPermissions(
                    PermissionTable.Allows(Resource.Container, ActionClass.Operate, access.IsSuperAdmin, access.RoleIn(id)),
                    PermissionTable.Allows(Resource.Container, ActionClass.Manage, access.IsSuperAdmin, access.RoleIn(id))),
                TargetPermissions.None)
            : TargetPermissions.None;
    }

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
