using WindFlow.Core.Accounts;

namespace WindFlow.Core.Auditing;

/// <summary>
/// Records every password check as <c>auth.signed_in</c> or <c>auth.sign_in_failed</c>. Both login
/// doors (the login page and <c>POST /api/v1/auth/token</c>) verify through this one port, so
/// wrapping it covers them both.
/// </summary>
public sealed class AuditedCredentialVerifier(ICredentialVerifier inner, AuditTrail audit, IAuditActor actor) : ICredentialVerifier
{
    /// <inheritdoc />
    public async Task<CredentialCheck> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var check = await inner.VerifyAsync(userName, password, cancellationToken);
        var ip = actor.Current?.IpAddress;
        if (check.Status == CredentialCheckStatus.Succeeded)
        {
            var account = check.Account!;
            await audit.RecordAsync("auth.signed_in", "user", account.Id, AuditOutcome.Succeeded, actorOverride: new AuditActorInfo(account.Id, account.UserName, ip));
        }
        else
        {
            // The name tried is kept (that is the point of the event); the password never is.
            var details = check.Status == CredentialCheckStatus.LockedOut ? "Account locked out." : "Wrong user name or password.";
            await audit.RecordAsync("auth.sign_in_failed", "user", null, AuditOutcome.Failed, details, [password], new AuditActorInfo(null, userName.Trim(), ip));
        }

        return check;
    }
}
