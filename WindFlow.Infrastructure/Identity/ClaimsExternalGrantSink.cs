using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Organizations;

namespace WindFlow.Infrastructure.Identity;

/// <summary>
/// Applies the identity provider's grants as organisation memberships (the permission table reads
/// those), and also keeps them as user claims (<see cref="OrganizationGrant.ClaimType"/> =
/// <c>slug:Role</c>) so the profile page can say where each role came from.
/// </summary>
internal sealed class ClaimsExternalGrantSink(UserManager<WindFlowUser> users, MembershipService memberships) : IExternalGrantSink
{
    public async Task ApplyAsync(string userId, ExternalGrants grants, CancellationToken cancellationToken)
    {
        // Same numbering on both sides (viewer 1 < operator 2 < admin 3). Unknown organisation slugs are skipped.
        await memberships.ApplyExternalGrantsAsync(
            userId, grants.IsSuperAdmin, grants.Grants.Select(g => (g.OrganizationSlug, (OrganizationRole)(int)g.Role)).ToList(), cancellationToken);
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"Account {userId} does not exist.");
        var current = (await users.GetClaimsAsync(user)).Where(c => c.Type == OrganizationGrant.ClaimType).ToList();
        var wanted = grants.Grants.Select(g => new Claim(OrganizationGrant.ClaimType, g.ClaimValue)).ToList();
        // Bearer tokens come through here on every request: write only when something changed.
        if (!current.Select(c => c.Value).Order().SequenceEqual(wanted.Select(c => c.Value).Order()))
        {
            await users.RemoveClaimsAsync(user, current);
            await users.AddClaimsAsync(user, wanted);
        }

        // Demoting the last super admin would lock everyone out of system settings.
        var demote = user.IsSuperAdmin && !grants.IsSuperAdmin
            && await users.Users.CountAsync(u => u.IsSuperAdmin, cancellationToken) > 1;
        if ((grants.IsSuperAdmin && !user.IsSuperAdmin) || demote)
        {
            user.IsSuperAdmin = grants.IsSuperAdmin;
            await users.UpdateAsync(user);
        }
    }
}
