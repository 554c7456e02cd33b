namespace WindFlow.Core.Accounts;

/// <summary>Account store operations used by first-run setup.</summary>
public interface IAccountAdministration
{
    /// <summary>True when at least one super admin account exists.</summary>
    Task<bool> AnySuperAdminAsync(CancellationToken cancellationToken);

    /// <summary>Creates a super admin; password rules of the store apply.</summary>
    Task<AccountOperationResult> CreateSuperAdminAsync(string userName, string? email, string password, CancellationToken cancellationToken);
}
