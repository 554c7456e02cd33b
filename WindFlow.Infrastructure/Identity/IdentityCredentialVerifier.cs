using Microsoft.AspNetCore.Identity;
using WindFlow.Core.Accounts;

namespace WindFlow.Infrastructure.Identity;

/// <summary>
/// Password checks with Identity's lockout counters. Both the login page and the token API come
/// through here, so a password guessed at either door counts towards the same lockout.
/// </summary>
internal sealed class IdentityCredentialVerifier(UserManager<WindFlowUser> users, TimeProvider clock) : ICredentialVerifier
{
    // Hashing something for unknown users too keeps the response time from telling which user
    // names exist.
    private static readonly WindFlowUser Decoy = new() { UserName = "decoy" };
    private static string? _decoyHash;

    public async Task<CredentialCheck> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        // A deactivated account is answered exactly like an unknown one.
        if (user is null || user.IsDeactivated)
        {
            _decoyHash ??= users.PasswordHasher.HashPassword(Decoy, "decoy-password");
            users.PasswordHasher.VerifyHashedPassword(Decoy, _decoyHash, password);
            return CredentialCheck.Invalid;
        }

        if (await users.IsLockedOutAsync(user))
        {
            return new CredentialCheck(CredentialCheckStatus.LockedOut, LockedUntil: user.LockoutEnd);
        }

        if (await users.CheckPasswordAsync(user, password))
        {
            await users.ResetAccessFailedCountAsync(user);
            user.LastSignInAt = clock.GetUtcNow();
            await users.UpdateAsync(user);
            return new CredentialCheck(CredentialCheckStatus.Succeeded, ToIdentity(user));
        }

        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user)
            ? new CredentialCheck(CredentialCheckStatus.LockedOut, LockedUntil: user.LockoutEnd)
            : CredentialCheck.Invalid;
    }

    internal static AccountIdentity ToIdentity(WindFlowUser user) => new(user.Id, user.UserName!, user.Email, user.IsSuperAdmin);
}
