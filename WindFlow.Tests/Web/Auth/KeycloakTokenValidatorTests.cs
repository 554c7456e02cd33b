using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Tests.TestSupport;
using WindFlow.Web.Auth.Keycloak;

namespace WindFlow.Tests.Web.Auth;

public sealed class KeycloakTokenValidatorTests
{
    private const string Issuer = "https://sso.example.test/realms/windflow";
    private const string Nonce = "nonce-of-this-sign-in";
    private readonly ManualTimeProvider _clock = new();
    private readonly RsaSecurityKey _realmKey = NewKey("realm-key-1");
    private readonly RotatingConfiguration _realm;

    public KeycloakTokenValidatorTests() => _realm = new RotatingConfiguration(_realmKey);

    /// <summary>Discovery as the realm publishes it; <see cref="Rotate"/> changes the keys seen after the next refresh.</summary>
    private sealed class RotatingConfiguration(SecurityKey key) : IConfigurationManager<OpenIdConnectConfiguration>
    {
        private OpenIdConnectConfiguration _current = With(key);
        private OpenIdConnectConfiguration? _next;

        public int Refreshes { get; private set; }

        public void Rotate(SecurityKey key) => _next = With(key);

        public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel) => Task.FromResult(_current);

        public void RequestRefresh()
        {
            Refreshes++;
            _current = _next ?? _current;
        }

        private static OpenIdConnectConfiguration With(SecurityKey key)
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(key);
            return configuration;
        }
    }

    private static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private KeycloakTokenValidator Validator() => new(new KeycloakMetadata(_realm), new NonceCache(_clock),
        Options.Create(new KeycloakOptions { ClientId = "windflow" }), _clock);

    private string IdToken(SecurityKey? key = null, string audience = "windflow", string issuer = Issuer, string nonce = Nonce, TimeSpan? expiresIn = null)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires - TimeSpan.FromMinutes(10),
            NotBefore = expires - TimeSpan.FromMinutes(10),
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", "kc-alice"), new Claim("nonce", nonce), new Claim("preferred_username", "alice")]),
            SigningCredentials = new SigningCredentials(key ?? _realmKey, SecurityAlgorithms.RsaSha256),
        });
    }

    [Fact]
    public async Task ValidateIdTokenAsync_TokenFromTheRealm_ReturnsItsClaims()
    {
        var identity = await Validator().ValidateIdTokenAsync(IdToken(), Nonce, CancellationToken.None);

        Assert.Equal("kc-alice", identity.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task ValidateIdTokenAsync_SignedWithAnotherKeyOfTheSameKid_Rejected()
    {
        var forged = IdToken(key: NewKey("realm-key-1"));

        await Assert.ThrowsAsync<SecurityTokenValidationException>(() => Validator().ValidateIdTokenAsync(forged, Nonce, CancellationToken.None));
    }

    [Fact]
    public async Task ValidateIdTokenAsync_WrongAudience_Rejected()
    {
        var ex = await Assert.ThrowsAsync<SecurityTokenValidationException>(() =>
            Validator().ValidateIdTokenAsync(IdToken(audience: "another-client"), Nonce, CancellationToken.None));

        Assert.Contains("audience", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ValidateIdTokenAsync_WrongIssuer_Rejected() =>
        await Assert.ThrowsAsync<SecurityTokenValidationException>(() =>
            Validator().ValidateIdTokenAsync(IdToken(issuer: "https://evil.example.test/realms/windflow"), Nonce, CancellationToken.None));

    [Fact]
    public async Task ValidateIdTokenAsync_Expired_Rejected()
    {
        var ex = await Assert.ThrowsAsync<SecurityTokenValidationException>(() =>
            Validator().ValidateIdTokenAsync(IdToken(expiresIn: TimeSpan.FromMinutes(-2)), Nonce, CancellationToken.None));

        Assert.Contains("lifetime", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ValidateIdTokenAsync_NonceOfAnotherSignIn_Rejected()
    {
        var ex = await Assert.ThrowsAsync<SecurityTokenValidationException>(() =>
            Validator().ValidateIdTokenAsync(IdToken(nonce: "someone-elses"), Nonce, CancellationToken.None));

        Assert.Contains("nonce", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateIdTokenAsync_ReplayedNonce_RejectedTheSecondTime()
    {
        var validator = Validator();
        var token = IdToken();
        await validator.ValidateIdTokenAsync(token, Nonce, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<SecurityTokenValidationException>(() => validator.ValidateIdTokenAsync(token, Nonce, CancellationToken.None));
        Assert.Contains("replay", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateIdTokenAsync_RealmRotatedItsKey_RefreshesDiscoveryOnceAndAccepts()
    {
        var validator = Validator();
        var rotated = NewKey("realm-key-2");
        _realm.Rotate(rotated);

        var identity = await validator.ValidateIdTokenAsync(IdToken(key: rotated), Nonce, CancellationToken.None);

        Assert.Equal("kc-alice", identity.FindFirst("sub")?.Value);
        Assert.Equal(1, _realm.Refreshes);
    }

    [Fact]
    public async Task ValidateIdTokenAsync_HmacTokenSignedWithAKnownSecret_Rejected()
    {
        // An attacker who knows a symmetric secret must not pass as the realm.
        var hmac = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "realm-key-1" };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "windflow",
            Expires = _clock.GetUtcNow().UtcDateTime.AddMinutes(5),
            Subject = new ClaimsIdentity([new Claim("sub", "kc-alice"), new Claim("nonce", Nonce)]),
            SigningCredentials = new SigningCredentials(hmac, SecurityAlgorithms.HmacSha256),
        });

        await Assert.ThrowsAsync<SecurityTokenValidationException>(() => Validator().ValidateIdTokenAsync(token, Nonce, CancellationToken.None));
    }
}
