using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Infrastructure.Identity;

/// <summary>
/// Keeps the identity provider's grants as user claims (<see cref="OrganizationGrant.ClaimType"/> =
/// <c>slug:Role</c>) and sets the super admin flag. A stand-in until organisation memberships
/// exist (issue #5); Identity copies user claims into the sign-in cookie: the merge replaces the claims with membership updates.
/// </summary>
internal sealed class ClaimsExternalGrantSink(UserManager<WindFlowUser> users) : IExternalGrantSink
{
    public async Task ApplyAsync(string userId, ExternalGrants grants, CancellationToken cancellationToken)
    {
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
