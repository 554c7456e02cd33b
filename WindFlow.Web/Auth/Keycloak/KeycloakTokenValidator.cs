using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Web.Auth.Keycloak;

/// <summary>
/// Validates ID tokens from the token endpoint: RS/ES signature against the realm's keys (one
/// refresh when the kid is unknown, for key rotation), issuer from discovery, audience = our
/// client, lifetime, and a nonce that matches this sign-in and was never used before.
/// </summary>
internal sealed class KeycloakTokenValidator(KeycloakMetadata metadata, NonceCache nonces, IOptions<KeycloakOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<ClaimsIdentity> ValidateIdTokenAsync(string idToken, string expectedNonce, CancellationToken cancellationToken)
    {
        var result = await ValidateOnceAsync(idToken, cancellationToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            metadata.RequestRefresh();
            result = await ValidateOnceAsync(idToken, cancellationToken);
        }

        if (!result.IsValid)
        {
            throw new SecurityTokenValidationException("The ID token is invalid: " + result.Exception?.Message, result.Exception);
        }

        var nonce = result.ClaimsIdentity.FindFirst("nonce")?.Value;
        if (nonce is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(expectedNonce)))
        {
            throw new SecurityTokenValidationException("The ID token's nonce does not match this sign-in.");
        }

        var token = (JsonWebToken)result.SecurityToken;
        if (!nonces.TryConsume(nonce, new DateTimeOffset(token.ValidTo, TimeSpan.Zero) + TimeSpan.FromMinutes(5)))
        {
            throw new SecurityTokenValidationException("The ID token's nonce was already used (replay).");
        }

        return result.ClaimsIdentity;
    }

    private async Task<TokenValidationResult> ValidateOnceAsync(string token, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        return await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.Value.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            // Asymmetric only: an HS256 token "signed" with the public client secret must not pass.
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) => LifetimeIsValid(notBefore, expires, p.ClockSkew),
        });
    }

    // The handler reads DateTime.UtcNow; WindFlow's clock is the TimeProvider (tests move it).
    private bool LifetimeIsValid(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && exp + skew > now && (notBefore is not { } nbf || nbf - skew <= now);
    }
}
