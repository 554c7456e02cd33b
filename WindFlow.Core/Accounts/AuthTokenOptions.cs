using Microsoft.Extensions.Options;

namespace WindFlow.Core.Accounts;

/// <summary>Lifetimes and signing settings of API tokens (section <c>Auth</c>).</summary>
public sealed class AuthTokenOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>Access token (JWT) lifetime.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Refresh token lifetime.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Base64 key (32+ bytes) that signs access tokens. When empty, a random key is generated once
    /// and kept in the data directory; set it explicitly when several instances share the load.
    /// </summary>
    public string? JwtSigningKey { get; set; }

    /// <summary>Issuer and audience written into access tokens.</summary>
    public string Issuer { get; set; } = "windflow";

    /// <summary>Describes the first invalid setting, or returns null when all are valid.</summary>
    public string? Validate()
    {
        if (AccessTokenLifetime < TimeSpan.FromMinutes(1) || AccessTokenLifetime > TimeSpan.FromDays(1))
        {
            return "Auth:AccessTokenLifetime must be between 00:01:00 and 1.00:00:00.";
        }

        if (RefreshTokenLifetime < AccessTokenLifetime || RefreshTokenLifetime > TimeSpan.FromDays(90))
        {
            return "Auth:RefreshTokenLifetime must be at least the access token lifetime and at most 90 days.";
        }

        if (!string.IsNullOrEmpty(JwtSigningKey))
        {
            var buffer = new byte[JwtSigningKey.Length];
            if (!Convert.TryFromBase64String(JwtSigningKey, buffer, out var length) || length < 32)
            {
                return "Auth:JwtSigningKey must be base64 of at least 32 bytes (e.g. `openssl rand -base64 48`).";
            }
        }

        return null;
    }
}

/// <summary>Fails start-up with the message of <see cref="AuthTokenOptions.Validate"/>.</summary>
public sealed class AuthTokenOptionsValidator : IValidateOptions<AuthTokenOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuthTokenOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
