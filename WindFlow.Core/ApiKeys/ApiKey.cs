namespace WindFlow.Core.ApiKeys;

/// <summary>
/// A long-lived key for scripts. Only the SHA-256 hash of the key is stored; <see cref="Prefix"/>
/// (the first characters) lets its owner recognise it in a list.
/// </summary>
public sealed class ApiKey
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>Owner account id; the key acts as this account.</summary>
    public required string UserId { get; set; }

    /// <summary>Owner's label for the key.</summary>
    public required string Name { get; set; }

    /// <summary>Base64url SHA-256 of the whole key.</summary>
    public required string KeyHash { get; set; }

    /// <summary>The first characters of the key, safe to show.</summary>
    public required string Prefix { get; set; }

    /// <summary>True when the key may only read (GET).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>When the key was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this instant the key is refused; null for no expiry.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Last authenticated use, to the minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>Set when the owner revoked the key.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>True when the key is accepted at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
}
