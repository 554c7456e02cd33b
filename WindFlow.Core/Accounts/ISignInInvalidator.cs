namespace WindFlow.Core.Accounts;

/// <summary>Makes every existing browser session of an account invalid (cookies carry a stamp that this changes).</summary>
public interface ISignInInvalidator
{
    /// <summary>Invalidates the account's browser sessions; they end at their next validation (within a minute).</summary>
    Task InvalidateBrowserSessionsAsync(string userId, CancellationToken cancellationToken);
}
