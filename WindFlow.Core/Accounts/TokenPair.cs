namespace WindFlow.Core.Accounts;

/// <summary>What the token endpoints return; <see cref="ExpiresIn"/> is in seconds.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>Why a token request failed.</summary>
public enum TokenFailure
{
    /// <summary>No failure.</summary>
    None,

    /// <summary>Unknown user or wrong password.</summary>
    InvalidCredentials,

    /// <summary>The account is locked after repeated failures.</summary>
    LockedOut,

    /// <summary>The refresh token is unknown, expired, revoked or its account is gone.</summary>
    InvalidRefreshToken,
}

/// <summary>Either a token pair or the reason there is none.</summary>
public sealed record TokenResult(TokenPair? Tokens, TokenFailure Failure, DateTimeOffset? LockedUntil = null)
{
    /// <summary>A successful result.</summary>
    public static TokenResult Ok(TokenPair tokens) => new(tokens, TokenFailure.None);

    /// <summary>A failed result.</summary>
    public static TokenResult Fail(TokenFailure failure, DateTimeOffset? lockedUntil = null) => new(null, failure, lockedUntil);
}
