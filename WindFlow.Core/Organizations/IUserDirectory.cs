using WindFlow.Core.Accounts;

namespace WindFlow.Core.Organizations;

/// <summary>A user account as administrators see it.</summary>
public sealed record UserSummary(string Id, string UserName, string? Email, bool IsSuperAdmin, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt);

/// <summary>User accounts for the users admin; implemented over the Identity stores.</summary>
public interface IUserDirectory
{
    /// <summary>Every account, by user name.</summary>
    Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One account by id, or null.</summary>
    Task<UserSummary?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>One account by user name, or null.</summary>
    Task<UserSummary?> FindByNameAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Creates an account; without a password it can only sign in through SSO until one is set.</summary>
    Task<(UserSummary? User, AccountOperationResult Result)> CreateAsync(string userName, string? email, string? password, CancellationToken cancellationToken);

    /// <summary>Changes email, super admin flag and active state; deactivation ends the account's sessions.</summary>
    Task<AccountOperationResult> UpdateAsync(string id, string? email, bool isSuperAdmin, bool isActive, CancellationToken cancellationToken);

    /// <summary>How many active super admins exist.</summary>
    Task<int> CountActiveSuperAdminsAsync(CancellationToken cancellationToken);
}
