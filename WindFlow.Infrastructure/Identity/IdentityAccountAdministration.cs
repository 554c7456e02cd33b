using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Accounts;
using WindFlow.Core.Auditing;

namespace WindFlow.Infrastructure.Identity;

internal sealed class IdentityAccountAdministration(UserManager<WindFlowUser> users, TimeProvider clock, AuditTrail audit) : IAccountAdministration
{
    public Task<bool> AnySuperAdminAsync(CancellationToken cancellationToken) =>
        users.Users.AnyAsync(u => u.IsSuperAdmin, cancellationToken);

    public async Task<AccountOperationResult> CreateSuperAdminAsync(string userName, string? email, string password, CancellationToken cancellationToken)
    {
        var user = new WindFlowUser
        {
            UserName = userName,
            Email = email,
            IsSuperAdmin = true,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password);
        await audit.RecordAsync("user.created", "user", result.Succeeded ? user.Id : null, result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, $"{userName} (super admin)", [password]);
        return result.Succeeded
            ? AccountOperationResult.Success
            : new AccountOperationResult(result.Errors.Select(e => e.Description).ToList());
    }
}
