using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WindFlow.Core.Accounts;

namespace WindFlow.Infrastructure.Identity;

/// <summary>
/// Rotates the Identity security stamp; the cookie validator then rejects older cookies. It opens
/// its own scope because it is called from long-lived Blazor circuits, where a scoped UserManager
/// (and its DbContext) would live as long as the circuit.
/// </summary>
internal sealed class SecurityStampInvalidator(IServiceScopeFactory scopes) : ISignInInvalidator
{
    public async Task InvalidateBrowserSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WindFlowUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is not null)
        {
            await users.UpdateSecurityStampAsync(user);
        }
    }
}
