namespace WindFlow.Core.Accounts;

/// <summary>Creates signed, short-lived access tokens for the REST API.</summary>
public interface IAccessTokenIssuer
{
    /// <summary>Issues an access token for <paramref name="account"/> that expires after <paramref name="lifetime"/>.</summary>
    string Issue(AccountIdentity account, TimeSpan lifetime);
}
