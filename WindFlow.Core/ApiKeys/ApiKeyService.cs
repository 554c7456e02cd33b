using System.Security.Cryptography;
using System.Text;
using WindFlow.Core.Accounts;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;

namespace WindFlow.Core.ApiKeys;

/// <summary>What the owner asks for when creating a key.</summary>
/// <param name="Name">A label (1-100 characters).</param>
/// <param name="ExpiresAt">Expiry, or null for none; must be in the future.</param>
/// <param name="ReadOnly">True to allow GET requests only.</param>
public sealed record ApiKeyRequest(string? Name, DateTimeOffset? ExpiresAt, bool ReadOnly);

/// <summary>A freshly created key: <see cref="Secret"/> is shown this once and never stored.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>A key that authenticated a request: the account it acts as and whether it may only read.</summary>
public sealed record ApiKeyPrincipal(AccountIdentity Account, Guid KeyId, bool ReadOnly);

/// <summary>Creates, lists, revokes and checks API keys (<c>wf_ak_</c> + 32 random bytes, base64url).</summary>
public sealed class ApiKeyService(IApiKeyStore store, IAccountLookup accounts, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Every key starts with this, so it can be told from a JWT and found by secret scanners.</summary>
    public const string KeyPrefix = "wf_ak_";

    // Touching the row on every request would turn each read into a write; a minute is precise enough.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <summary>Creates a key for <paramref name="userId"/>.</summary>
    public async Task<OperationResult<CreatedApiKey>> CreateAsync(string userId, ApiKeyRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return OperationError.Invalid("name", "Give the key a name of 1 to 100 characters.");
        }

        if (request.ExpiresAt is { } expires && expires <= now)
        {
            return OperationError.Invalid("expiresAt", "The expiry must be in the future.");
        }

        var secret = KeyPrefix + SecureTokens.Create(32);
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name,
            KeyHash = SecureTokens.Hash(secret),
            Prefix = secret[..(KeyPrefix.Length + 6)],
            ReadOnly = request.ReadOnly,
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt,
        };
        await store.AddAsync(key, cancellationToken);
        await audit.RecordAsync("apikey.created", "apikey", key.Id.ToString(), AuditOutcome.Succeeded, $"{name}{(key.ReadOnly ? " (read-only)" : "")}");
        return OperationResult<CreatedApiKey>.Ok(new CreatedApiKey(key, secret));
    }

    /// <summary>The account's keys, newest first (hashes included; callers show only safe fields).</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(string userId, CancellationToken cancellationToken) =>
        store.ListForUserAsync(userId, cancellationToken);

    /// <summary>Revokes one of the account's keys; NotFound when it has no such active key.</summary>
    public async Task<OperationResult<Guid>> RevokeAsync(string userId, Guid id, CancellationToken cancellationToken)
    {
        var revoked = await store.TryRevokeAsync(id, userId, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync("apikey.revoked", "apikey", id.ToString(), revoked ? AuditOutcome.Succeeded : AuditOutcome.Failed, revoked ? null : "No such active key.");
        return revoked ? OperationResult<Guid>.Ok(id) : new OperationError(OperationErrorKind.NotFound, "No active API key has this id.");
    }

    /// <summary>The account a presented key acts as, or null when the key is unknown, expired, revoked or its account inactive.</summary>
    public async Task<ApiKeyPrincipal?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var hash = SecureTokens.Hash(presented);
        var key = await store.FindByHashAsync(hash, cancellationToken);
        // The index lookup already matched; the fixed-time compare keeps the final check free of
        // early-exit timing whatever the database's comparison does.
        if (key is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.KeyHash), Encoding.ASCII.GetBytes(hash)))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (!key.IsActive(now))
        {
            return null;
        }

        var account = await accounts.FindActiveAsync(key.UserId, cancellationToken);
        if (account is null)
        {
            return null;
        }

        if (key.LastUsedAt is not { } last || now - last >= TouchInterval)
        {
            await store.TouchAsync(key.Id, now, cancellationToken);
        }

        return new ApiKeyPrincipal(account, key.Id, key.ReadOnly);
    }
}
