using WindFlow.Core.Accounts;

namespace WindFlow.Tests.TestSupport;

/// <summary>An in-memory account store with passwords in clear text, locks and deletions.</summary>
public sealed class FakeCredentialVerifier : ICredentialVerifier, IAccountLookup
{
    private readonly Dictionary<string, (string Password, AccountIdentity Account)> _byUserName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lockedUntil = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);

    public AccountIdentity Add(string userName, string password)
    {
        var account = new AccountIdentity(Guid.NewGuid().ToString(), userName, $"{userName}@example.test", IsSuperAdmin: false);
        _byUserName[userName] = (password, account);
        return account;
    }

    public void Lock(string userId, DateTimeOffset until) => _lockedUntil[userId] = until;

    public void Delete(string userId) => _deleted.Add(userId);

    public Task<CredentialCheck> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (!_byUserName.TryGetValue(userName, out var entry) || _deleted.Contains(entry.Account.Id))
        {
            return Task.FromResult(CredentialCheck.Invalid);
        }

        if (_lockedUntil.TryGetValue(entry.Account.Id, out var until))
        {
            return Task.FromResult(new CredentialCheck(CredentialCheckStatus.LockedOut, LockedUntil: until));
        }

        return Task.FromResult(entry.Password == password
            ? new CredentialCheck(CredentialCheckStatus.Succeeded, entry.Account)
            : CredentialCheck.Invalid);
    }

    public Task<AccountIdentity?> FindActiveAsync(string userId, CancellationToken cancellationToken)
    {
        var account = _byUserName.Values.Select(e => e.Account).FirstOrDefault(a => a.Id == userId);
        var active = account is not null && !_deleted.Contains(userId) && !_lockedUntil.ContainsKey(userId);
        return Task.FromResult(active ? account : null);
    }
}
