using WindFlow.Core.Accounts;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;

namespace WindFlow.Core.Organizations;

/// <summary>User accounts (super admins only). The last active super admin can be neither demoted nor deactivated.</summary>
public sealed class UserService(IUserDirectory users, AccessGuard guard, AuditTrail audit)
{
    /// <summary>Every account.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.User, ActionClass.Read, cancellationToken);
        return await users.ListAsync(cancellationToken);
    }

    /// <summary>One account.</summary>
    public async Task<OperationResult<UserSummary>> GetAsync(string id, CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.User, ActionClass.Read, cancellationToken);
        return await users.FindAsync(id, cancellationToken) is { } user ? OperationResult<UserSummary>.Ok(user) : NotFound();
    }

    /// <summary>Creates an account; it belongs to no organisation until an admin adds it.</summary>
    public async Task<OperationResult<UserSummary>> CreateAsync(string? userName, string? email, string? password, CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.User, ActionClass.Manage, cancellationToken);
        if (string.IsNullOrWhiteSpace(userName))
        {
            return OperationError.Invalid("username", "Give a user name.");
        }

        var (user, result) = await users.CreateAsync(userName.Trim(), string.IsNullOrWhiteSpace(email) ? null : email.Trim(), string.IsNullOrEmpty(password) ? null : password, cancellationToken);
        var created = user is not null ? OperationResult<UserSummary>.Ok(user) : Refused(result);
        await audit.RecordAsync("user.created", "user", user?.Id, created.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed,
            created.Succeeded ? userName.Trim() : $"{userName.Trim()}: {created.Error!.Message}", [password ?? ""]);
        return created;
    }

    /// <summary>Changes email, super admin flag and active state.</summary>
    public async Task<OperationResult<UserSummary>> UpdateAsync(string id, string? email, bool? isSuperAdmin, bool? isActive, CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.User, ActionClass.Manage, cancellationToken);
        var user = await users.FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }

        var superAdmin = isSuperAdmin ?? user.IsSuperAdmin;
        var active = isActive ?? user.IsActive;
        if (user.IsSuperAdmin && user.IsActive && (!superAdmin || !active) && await users.CountActiveSuperAdminsAsync(cancellationToken) <= 1)
        {
            return new OperationError(OperationErrorKind.Conflict, "This is the last super admin: make someone else super admin first.");
        }

        var result = await users.UpdateAsync(id, email is null ? user.Email : (email.Trim().Length == 0 ? null : email.Trim()), superAdmin, active, cancellationToken);
        var outcome = result.Succeeded && await users.FindAsync(id, cancellationToken) is { } updated ? OperationResult<UserSummary>.Ok(updated) : Refused(result);
        // Each change its own action, so a filter on user.deactivated or user.super_admin_granted finds it.
        var action = active != user.IsActive ? (active ? "user.reactivated" : "user.deactivated")
            : superAdmin != user.IsSuperAdmin ? (superAdmin ? "user.super_admin_granted" : "user.super_admin_revoked")
            : "user.updated";
        return await audit.RecordedAsync(action, "user", id, outcome);
    }

    /// <summary>Deactivates an account: it can no longer sign in and its sessions end. Accounts are kept so the audit log keeps its actors.</summary>
    public Task<OperationResult<UserSummary>> DeactivateAsync(string id, CancellationToken cancellationToken) =>
        UpdateAsync(id, null, null, false, cancellationToken);

    private static OperationError NotFound() => new(OperationErrorKind.NotFound, "No such user.");

    private static OperationError Refused(AccountOperationResult result) =>
        result.Errors.Any(e => e.Contains("already taken", StringComparison.OrdinalIgnoreCase))
            ? new OperationError(OperationErrorKind.Conflict, string.Join(" ", result.Errors))
            : OperationError.Invalid("request", string.Join(" ", result.Errors));
}
