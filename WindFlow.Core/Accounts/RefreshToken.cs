namespace WindFlow.Core.Accounts;

/// <summary>
/// A refresh token as stored: only its SHA-256 hash is kept. Tokens issued from one sign-in share a
/// <see cref="FamilyId"/> so that replaying a rotated token can revoke the whole chain.
/// </summary>
public sealed class RefreshToken
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>Owner account id.</summary>
    public required string UserId { get; set; }

    /// <summary>Base64url SHA-256 of the token value.</summary>
    public required string TokenHash { get; set; }

    /// <summary>All tokens rotated from one sign-in share this id.</summary>
    public Guid FamilyId { get; set; }

    /// <summary>When the token was issued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>After this instant the token is refused.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Set when the token was used (rotated), logged out or revoked.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>True when the token can still be exchanged at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}
