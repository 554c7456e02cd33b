using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Accounts;
using WindFlow.Core.Organizations;

namespace WindFlow.Infrastructure.Identity;

/// <summary>
/// User accounts over Identity. A scope per call, as <see cref="SecurityStampInvalidator"/>: the
/// users admin runs in long-lived Blazor circuits too.
/// </summary>
internal sealed class IdentityUserDirectory(IServiceScopeFactory scopes, TimeProvider clock) : IUserDirectory
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WindFlowUser>>();
        var all = await users.Users.AsNoTracking().ToListAsync(cancellationToken);
        return all.Select(ToSummary).OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<UserSummary?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<WindFlowUser>>().FindByIdAsync(id);
        return user is null ? null : ToSummary(user);
    }

    public async Task<UserSummary?> FindByNameAsync(string userName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<WindFlowUser>>().FindByNameAsync(userName);
        return user is null ? null : ToSummary(user);
    }

    public async Task<(UserSummary? User, AccountOperationResult Result)> CreateAsync(string userName, string? email, string? password, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WindFlowUser>>();
        var user = new WindFlowUser { UserName = userName, Email = email, CreatedAt = clock.GetUtcNow() };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        return result.Succeeded ? (ToSummary(user), AccountOperationResult.Success) : (null, Errors(result));
    }

    public async Task<AccountOperationResult> UpdateAsync(string id, string? email, bool isSuperAdmin, bool isActive, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WindFlowUser>>();
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return AccountOperationResult.Fail("No such user.");
        }

        var deactivating = isActive == user.IsDeactivated && !isActive;
        user.Email = email;
        user.IsSuperAdmin = isSuperAdmin;
        user.IsDeactivated = !isActive;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded && deactivating)
        {
            // Ends the account's browser sessions at their next validation.
            await users.UpdateSecurityStampAsync(user);
        }

        return result.Succeeded ? AccountOperationResult.Success : Errors(result);
    }

    public async Task<int> CountActiveSuperAdminsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WindFlowUser>>();
        return await users.Users.CountAsync(u => u.IsSuperAdmin && !u.IsDeactivated, cancellationToken);
    }

    private static UserSummary ToSummary(WindFlowUser user) =>
        new(user.Id, user.UserName!, user.Email, user.IsSuperAdmin, !user.IsDeactivated, user.CreatedAt, user.LastSignInAt);

    private static AccountOperationResult Errors(IdentityResult result) => new(result.Errors.Select(e => e.Description).ToList());
}
