using WindFlow.Core.Auditing;
using WindFlow.Core.Common;

namespace WindFlow.Core.Organizations;

/// <summary>
/// Members of organisations and their roles. Anti-escalation: nobody grants a role above their
/// own, and only super admins touch super admin rights (see <see cref="UserService"/>).
/// </summary>
public sealed class MembershipService(IOrganizationStore store, IUserDirectory users, AccessGuard guard, AuditTrail audit)
{
    /// <summary>The organisation's members.</summary>
    public async Task<OperationResult<IReadOnlyList<MemberView>>> ListAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(organizationId, Resource.Member, ActionClass.Read, cancellationToken);
        return await store.FindAsync(organizationId, cancellationToken) is null
            ? NotFound("organisation")
            : OperationResult<IReadOnlyList<MemberView>>.Ok(await store.ListMembersAsync(organizationId, cancellationToken));
    }

    /// <summary>The caller's own memberships, for their account page.</summary>
    public async Task<IReadOnlyList<(Organization Organization, OrganizationRole Role)>> MineAsync(CancellationToken cancellationToken)
    {
        var access = await guard.RequireUserAsync(cancellationToken);
        var organizations = await store.ListAsync(cancellationToken);
        return organizations.Where(o => access.Memberships.ContainsKey(o.Id)).Select(o => (o, access.Memberships[o.Id])).ToList();
    }

    /// <summary>Adds a user (by name) to the organisation, or changes their role when already a member.</summary>
    public async Task<OperationResult<MemberView>> AddAsync(Guid organizationId, string? userName, OrganizationRole? role, CancellationToken cancellationToken) =>
        await RecordedAsync("member.added", await SetAsync(organizationId, null, userName, role, cancellationToken), userName);

    /// <summary>Changes a member's role.</summary>
    public async Task<OperationResult<MemberView>> ChangeRoleAsync(Guid organizationId, string userId, OrganizationRole? role, CancellationToken cancellationToken) =>
        await RecordedAsync("member.role_changed", await SetAsync(organizationId, userId, null, role, cancellationToken), userId);

    /// <summary>Removes a member.</summary>
    public async Task<OperationResult<string>> RemoveAsync(Guid organizationId, string userId, CancellationToken cancellationToken)
    {
        var access = await guard.DemandAsync(organizationId, Resource.Member, ActionClass.Manage, cancellationToken);
        var members = await store.ListMembersAsync(organizationId, cancellationToken);
        var member = members.FirstOrDefault(m => m.UserId == userId);
        if (member is null)
        {
            return NotFound("member");
        }

        var result = !CanGrant(access, organizationId, member.Role)
            ? new OperationError(OperationErrorKind.Forbidden, "You cannot remove a member whose role is above yours.")
            : await store.RemoveMembershipAsync(userId, organizationId, cancellationToken) ? OperationResult<string>.Ok(userId) : NotFound("member");
        await audit.RecordAsync("member.removed", "user", userId, result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, result.Error?.Message ?? $"{member.UserName} ({member.Role}) removed.");
        return result;
    }

    /// <summary>
    /// Applies the grants an external identity provider (Keycloak) gives a user at sign-in: the
    /// super admin flag and exactly these memberships, replacing the previous ones. Grants naming
    /// an unknown organisation slug are skipped and returned. Called by the sign-in flow, not by a
    /// user, so it checks no caller.
    /// </summary>
    public async Task<OperationResult<IReadOnlyList<string>>> ApplyExternalGrantsAsync(
        string userId, bool superAdmin, IReadOnlyList<(string OrganizationSlug, OrganizationRole Role)> grants, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(userId, cancellationToken);
        if (user is null)
        {
            return NotFound("user");
        }

        var memberships = new Dictionary<Guid, OrganizationRole>();
        var unknown = new List<string>();
        foreach (var (slug, role) in grants)
        {
            if (await store.FindBySlugAsync(slug, cancellationToken) is not { } organization)
            {
                unknown.Add(slug);
                continue;
            }

            // Several groups may map to one organisation: the highest role wins.
            memberships[organization.Id] = memberships.TryGetValue(organization.Id, out var existing) && existing > role ? existing : role;
        }

        if (user.IsSuperAdmin != superAdmin)
        {
            // Losing the flag at the provider must not remove the last super admin of the instance.
            var demotingLast = !superAdmin && user.IsActive && await users.CountActiveSuperAdminsAsync(cancellationToken) <= 1;
            if (!demotingLast)
            {
                await users.UpdateAsync(userId, user.Email, superAdmin, user.IsActive, cancellationToken);
            }
        }

        await store.ReplaceMembershipsAsync(
            userId, memberships.Select(m => new Membership { UserId = userId, OrganizationId = m.Key, Role = m.Value }).ToList(), cancellationToken);
        return OperationResult<IReadOnlyList<string>>.Ok(unknown);
    }

    private async Task<OperationResult<MemberView>> SetAsync(Guid organizationId, string? userId, string? userName, OrganizationRole? role, CancellationToken cancellationToken)
    {
        var access = await guard.DemandAsync(organizationId, Resource.Member, ActionClass.Manage, cancellationToken);
        if (await store.FindAsync(organizationId, cancellationToken) is null)
        {
            return NotFound("organisation");
        }

        if (role is not { } granted || !Enum.IsDefined(granted))
        {
            return OperationError.Invalid("role", "Choose viewer, operator or admin.");
        }

        var user = userId is not null
            ? await users.FindAsync(userId, cancellationToken)
            : string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim(), cancellationToken);
        if (user is null)
        {
            return userId is null && string.IsNullOrWhiteSpace(userName) ? OperationError.Invalid("username", "Name the user to add.") : NotFound("user");
        }

        var members = await store.ListMembersAsync(organizationId, cancellationToken);
        var current = members.FirstOrDefault(m => m.UserId == user.Id);
        if (userId is not null && current is null)
        {
            return NotFound("member");
        }

        // Anti-escalation: the new role, and the role being replaced, must both be within the caller's own.
        if (!CanGrant(access, organizationId, granted) || (current is not null && !CanGrant(access, organizationId, current.Role)))
        {
            return new OperationError(OperationErrorKind.Forbidden, "You cannot grant a role above your own.");
        }

        await store.SetMembershipAsync(new Membership { UserId = user.Id, OrganizationId = organizationId, Role = granted }, cancellationToken);
        return OperationResult<MemberView>.Ok(new MemberView(user.Id, user.UserName, user.Email, granted));
    }

    // The member is the resource; the organisation comes from the permission check before it.
    private async Task<OperationResult<MemberView>> RecordedAsync(string action, OperationResult<MemberView> result, string? who)
    {
        await audit.RecordAsync(action, "user", result.Value?.UserId ?? who, result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed,
            result.Value is { } member ? $"{member.UserName} is {member.Role.ToString().ToLowerInvariant()}." : result.Error?.Message);
        return result;
    }

    private static bool CanGrant(UserAccess access, Guid organizationId, OrganizationRole role) =>
        access.IsSuperAdmin || (access.RoleIn(organizationId) is { } own && own >= role);

    private static OperationError NotFound(string what) => new(OperationErrorKind.NotFound, $"No such {what}.");
}
