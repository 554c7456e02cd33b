using WindFlow.Core.Accounts;

namespace WindFlow.Tests.TestSupport;

/// <summary>Issues recognisable fake access tokens and remembers what it was asked for.</summary>
public sealed class FakeAccessTokenIssuer : IAccessTokenIssuer
{
    public List<(AccountIdentity Account, TimeSpan Lifetime)> Issued { get; } = [];

    public string Issue(AccountIdentity account, TimeSpan lifetime)
    {
        Issued.Add((account, lifetime));
        return $"access-{Issued.Count}-{account.Id}";
    }
}
