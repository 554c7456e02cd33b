using WindFlow.Core.Accounts;

namespace WindFlow.Tests.TestSupport;

/// <summary>An in-memory admin store that, like the Identity configuration, refuses passwords under 12 characters.</summary>
public sealed class FakeAccountAdministration : IAccountAdministration
{
    public const string ShortPasswordError = "Passwords must be at least 12 characters.";

    public List<(string UserName, string? Email, string Password)> SuperAdmins { get; } = [];

    public int AnySuperAdminCalls { get; private set; }

    public Task<bool> AnySuperAdminAsync(CancellationToken cancellationToken)
    {
        AnySuperAdminCalls++;
        return Task.FromResult(SuperAdmins.Count > 0);
    }

    public Task<AccountOperationResult> CreateSuperAdminAsync(string userName, string? email, string password, CancellationToken cancellationToken)
    {
        if (password.Length < 12)
        {
            return Task.FromResult(AccountOperationResult.Fail(ShortPasswordError));
        }

        SuperAdmins.Add((userName, email, password));
        return Task.FromResult(AccountOperationResult.Success);
    }
}
