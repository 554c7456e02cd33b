namespace WindFlow.Core.Organizations;

/// <summary>
/// Checks the caller against <see cref="PermissionTable"/> inside Core services, so the API and the
/// UI cannot diverge. Refusals throw <see cref="AccessDeniedException"/>. A resource of an
/// organisation the caller does not belong to is reported as hidden (404), never as forbidden,
/// so ids do not reveal what other tenants own.
/// </summary>
public sealed class AccessGuard(IAccessContext context, IOrganizationStore store, TimeProvider clock)
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
        if (access.IsSuperAdmin)
        {
            return access;
        }

        var role = access.RoleIn(organizationId)
            ?? throw new AccessDeniedException(AccessDenial.Hidden, "Not found.");
        return PermissionTable.Allows(resource, action, false, role)
            ? access
            : throw Forbidden(resource, action);
    }

    /// <summary>Refuses unless the caller may do <paramref name="action"/> on a resource that belongs to no organisation (users, settings, organisations themselves).</summary>
    public async Task<UserAccess> DemandGlobalAsync(Resource resource, ActionClass action, CancellationToken cancellationToken)
    {
        var access = await RequireUserAsync(cancellationToken);
        return PermissionTable.Allows(resource, action, access.IsSuperAdmin, null) ? access : throw Forbidden(resource, action);
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
            return access.IsSuperAdmin || access.Memberships.ContainsKey(chosen)
                ? chosen
                : throw new AccessDeniedException(AccessDenial.Hidden, "No such organisation.");
        }

        var visible = await VisibleOrganizationIdsAsync(access, cancellationToken);
        return visible.Count == 1
            ? visible[0]
            : throw new AccessDeniedException(AccessDenial.OrganizationRequired,
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

    private static AccessDeniedException Forbidden(Resource resource, ActionClass action) =>
        new(AccessDenial.Forbidden, $"Your role does not allow this ({action.ToString().ToLowerInvariant()} {resource.ToString().ToLowerInvariant()} needs {Describe(PermissionTable.Required(resource, action))}).");

    private static string Describe(PermissionLevel level) => level switch
    {
        PermissionLevel.SuperAdmin => "a super admin",
        PermissionLevel.SignedIn => "a signed-in user",
        _ => "the " + level.ToString().ToLowerInvariant() + " role",
    };
}
