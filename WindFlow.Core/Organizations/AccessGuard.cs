using WindFlow.Core.Auditing;

namespace WindFlow.Core.Organizations;

/// <summary>
/// Checks the caller against <see cref="PermissionTable"/> inside Core services, so the API and the
/// UI cannot diverge. Refusals throw <see cref="AccessDeniedException"/>. A resource of an
/// organisation the caller does not belong to is reported as hidden (404), never as forbidden,
/// so ids do not reveal what other tenants own.
/// </summary>
public sealed class AccessGuard(IAccessContext context, IOrganizationStore store, TimeProvider clock, AuditTrail audit)
{
    // A Blazor circuit lives for hours; re-reading the memberships this often makes a role change
    // apply there too without a query per click.
    private static readonly TimeSpan AccessLifetime = TimeSpan.FromSeconds(30);

    /// <summary>The signed-in caller's access; throws <see cref="AccessDenial.Unauthenticated"/> otherwise.</summary>
    public async Task<UserAccess> RequireUserAsync(CancellationToken cancellationToken)
    {
        var caller = context.Current;
        if (caller.UserId is null && SystemAccess.IsActive)
        {
            return new UserAccess(SystemAccess.UserId, true, new Dictionary<Guid, OrganizationRole>(), clock.GetUtcNow());
        }

        if (caller.UserId is null)
        {
            throw new AccessDeniedException(AccessDenial.Unauthenticated, "Sign in first.");
        }

        var now = clock.GetUtcNow();
        if (caller.Loaded is { } loaded && loaded.UserId == caller.UserId && now - loaded.LoadedAt < AccessLifetime)
        {
            return loaded;
        }

        var access = await store.GetAccessAsync(caller.UserId, now, cancellationToken)
            ?? throw new AccessDeniedException(AccessDenial.Unauthenticated, "This account no longer exists or is deactivated.");
        caller.Loaded = access;
        return access;
    }

    /// <summary>Refuses unless the caller may do <paramref name="action"/> on <paramref name="resource"/> in <paramref name="organizationId"/>.</summary>
    public async Task<UserAccess> DemandAsync(Guid organizationId, Resource resource, ActionClass action, CancellationToken cancellationToken)
    {
        var access = await RequireUserAsync(cancellationToken);
        Acting(organizationId);
        if (access.IsSuperAdmin)
        {
            return access;
        }

        if (access.RoleIn(organizationId) is not { } role)
        {
            // Recorded in the owning organisation's log: its admins see who probes their ids.
            await RecordDeniedAsync(resource, action, "Not a member of the organisation (answered as not found).");
            throw new AccessDeniedException(AccessDenial.Hidden, "Not found.");
        }

        return PermissionTable.Allows(resource, action, false, role)
            ? access
            : throw await DeniedAsync(resource, action);
    }

    /// <summary>
    /// Refuses unless the caller has at least <paramref name="minimum"/> in the organisation (super
    /// admins always pass): for steps that ask more than the permission table, such as an approval
    /// restricted to admins. <paramref name="what"/> names the step in the refusal; a refusal is
    /// audited as <paramref name="action"/> on the resource, denied.
    /// </summary>
    public async Task DemandRoleAsync(
        Guid organizationId, OrganizationRole minimum, string action, string resourceType, string resourceId, string what, CancellationToken cancellationToken)
    {
        var access = await RequireUserAsync(cancellationToken);
        Acting(organizationId);
        if (HasRole(access, organizationId, minimum))
        {
            return;
        }

        var message = $"{what} needs the {Name(minimum)} role.";
        await audit.RecordAsync(action, resourceType, resourceId, AuditOutcome.Denied, message);
        throw new AccessDeniedException(access.RoleIn(organizationId) is null ? AccessDenial.Hidden : AccessDenial.Forbidden, message);
    }

    /// <summary>The rule <see cref="DemandRoleAsync"/> enforces: super admins, or at least <paramref name="minimum"/> in the organisation.</summary>
    public static bool HasRole(UserAccess access, Guid organizationId, OrganizationRole minimum) =>
        access.IsSuperAdmin || access.RoleIn(organizationId) >= minimum;

    /// <summary>Refuses unless the caller may do <paramref name="action"/> on a resource that belongs to no organisation (users, settings, organisations themselves).</summary>
    public async Task<UserAccess> DemandGlobalAsync(Resource resource, ActionClass action, CancellationToken cancellationToken)
    {
        var access = await RequireUserAsync(cancellationToken);
        Acting(null);
        return PermissionTable.Allows(resource, action, access.IsSuperAdmin, null) ? access : throw await DeniedAsync(resource, action);
    }

    /// <summary>True when the caller may do it; for the UI, which hides what would be refused.</summary>
    public async Task<bool> CanAsync(Guid? organizationId, Resource resource, ActionClass action, CancellationToken cancellationToken)
    {
        if (context.Current.UserId is null)
        {
            return false;
        }

        var access = await RequireUserAsync(cancellationToken);
        return PermissionTable.Allows(resource, action, access.IsSuperAdmin, organizationId is { } id ? access.RoleIn(id) : null);
    }

    /// <summary>
    /// The organisation a new resource goes to: the one the caller chose, else the only one they
    /// can see; several without a choice is <see cref="AccessDenial.OrganizationRequired"/>.
    /// </summary>
    public async Task<Guid> ResolveOrganizationAsync(CancellationToken cancellationToken)
    {
        var access = await RequireUserAsync(cancellationToken);
        if (context.Current.OrganizationId is { } chosen)
        {
            if (!access.IsSuperAdmin && !access.Memberships.ContainsKey(chosen))
            {
                throw new AccessDeniedException(AccessDenial.Hidden, "No such organisation.");
            }

            Acting(chosen);
            return chosen;
        }

        var visible = await VisibleOrganizationIdsAsync(access, cancellationToken);
        if (visible.Count == 1)
        {
            Acting(visible[0]);
            return visible[0];
        }

        throw new AccessDeniedException(AccessDenial.OrganizationRequired,
                visible.Count == 0
                    ? "You do not belong to any organisation yet: ask an administrator to add you."
                    : "You belong to several organisations: say which with ?organizationId= or the X-WindFlow-Organization header.");
    }

    /// <summary>
    /// Which organisations a list shows: the chosen one (which the caller must be able to read),
    /// otherwise every organisation where the caller may read <paramref name="resource"/>.
    /// </summary>
    public async Task<Func<Guid, bool>> ListFilterAsync(Resource resource, CancellationToken cancellationToken)
    {
        var access = await RequireUserAsync(cancellationToken);
        if (context.Current.OrganizationId is { } chosen)
        {
            await DemandAsync(chosen, resource, ActionClass.Read, cancellationToken);
            return id => id == chosen;
        }

        return access.IsSuperAdmin
            ? _ => true
            : id => PermissionTable.Allows(resource, ActionClass.Read, false, access.RoleIn(id));
    }

    /// <summary>Organisations the caller sees: every one for super admins, their memberships otherwise.</summary>
    public async Task<IReadOnlyList<Guid>> VisibleOrganizationIdsAsync(UserAccess access, CancellationToken cancellationToken) =>
        access.IsSuperAdmin
            ? (await store.ListAsync(cancellationToken)).Select(o => o.Id).ToList()
            : access.Memberships.Keys.ToList();

    /// <summary>
    /// The organisations whose <paramref name="resource"/> the caller may read, for queries that span
    /// organisations (the audit log): null means every one (super admins). A caller who may read it
    /// nowhere is refused.
    /// </summary>
    public async Task<IReadOnlyList<Guid>?> ReadableOrganizationsAsync(Resource resource, CancellationToken cancellationToken)
    {
        var access = await RequireUserAsync(cancellationToken);
        Acting(null);
        if (access.IsSuperAdmin)
        {
            return null;
        }

        var readable = access.Memberships.Where(m => PermissionTable.Allows(resource, ActionClass.Read, false, m.Value)).Select(m => m.Key).ToList();
        return readable.Count > 0 ? readable : throw await DeniedAsync(resource, ActionClass.Read);
    }

    /// <summary>True when the caller may read <paramref name="resource"/> in at least one organisation (or is a super admin).</summary>
    public async Task<bool> CanReadSomewhereAsync(Resource resource, CancellationToken cancellationToken)
    {
        if (context.Current.UserId is null)
        {
            return false;
        }

        var access = await RequireUserAsync(cancellationToken);
        return access.IsSuperAdmin || access.Memberships.Values.Any(role => PermissionTable.Allows(resource, ActionClass.Read, false, role));
    }

    // Anonymous is one shared instance (and SystemAccess has no caller): only a signed-in caller's own object is marked.
    private void Acting(Guid? organizationId)
    {
        if (context.Current is { UserId: not null } caller)
        {
            caller.ActingOrganizationId = organizationId;
        }
    }

    private async Task<AccessDeniedException> DeniedAsync(Resource resource, ActionClass action)
    {
        var message = $"Your role does not allow this ({Name(action)} {Name(resource)} needs {Needed(resource, action)}).";
        await RecordDeniedAsync(resource, action, message);
        return new AccessDeniedException(AccessDenial.Forbidden, message);
    }

    // The guard knows the permission, not the operation: the action is named after it (stack.manage).
    private Task RecordDeniedAsync(Resource resource, ActionClass action, string details) =>
        audit.RecordAsync($"{Name(resource)}.{Name(action)}", Name(resource), null, AuditOutcome.Denied, details);

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Who may do <paramref name="action"/> on <paramref name="resource"/>, in words ("the operator role"), as refusals and disabled buttons say it.</summary>
    public static string Needed(Resource resource, ActionClass action) => Describe(PermissionTable.Required(resource, action));

    private static string Describe(PermissionLevel level) => level switch
    {
        PermissionLevel.SuperAdmin => "a super admin",
        PermissionLevel.SignedIn => "a signed-in user",
        _ => "the " + level.ToString().ToLowerInvariant() + " role",
    };
}
