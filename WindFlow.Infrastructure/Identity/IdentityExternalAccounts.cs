using Microsoft.AspNetCore.Identity;
using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Infrastructure.Identity;

/// <summary>
/// Links identity-provider subjects to accounts through Identity's AspNetUserLogins table
/// (provider + subject), so no migration is needed and a renamed Keycloak user keeps their account.
/// </summary>
internal sealed class IdentityExternalAccounts(UserManager<WindFlowUser> users, TimeProvider clock) : IExternalAccounts
{
    public async Task<ExternalAccountResult> FindOrProvisionAsync(ExternalIdentity identity, bool provision, CancellationToken cancellationToken)
    {
        var user = await users.FindByLoginAsync(identity.Provider, identity.Subject);
        if (user is null)
        {
            if (!provision)
            {
                return new ExternalAccountResult(ExternalAccountStatus.NotLinked, null);
            }

            user = await CreateAsync(identity);
        }
        else if (await users.IsLockedOutAsync(user))
        {
            return new ExternalAccountResult(ExternalAccountStatus.Disabled, user.Id);
        }

        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        return new ExternalAccountResult(ExternalAccountStatus.Found, user.Id);
    }

    private async Task<WindFlowUser> CreateAsync(ExternalIdentity identity)
    {
        // Never link by user name: a local "alice" and Keycloak's "alice" may be different people,
        // so a taken name gets the provider as a suffix instead.
        var wanted = string.IsNullOrWhiteSpace(identity.UserName) ? identity.Subject : identity.UserName.Trim();
        var userName = wanted;
        for (var n = 1; await users.FindByNameAsync(userName) is not null; n++)
        {
            userName = n == 1 ? $"{wanted}@{identity.Provider.ToLowerInvariant()}" : $"{wanted}@{identity.Provider.ToLowerInvariant()}{n}";
        }

        var user = new WindFlowUser { UserName = userName, Email = identity.Email, CreatedAt = clock.GetUtcNow() };
        Check(await users.CreateAsync(user));
        Check(await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.Subject, identity.Provider)));
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Provisioning the account failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
