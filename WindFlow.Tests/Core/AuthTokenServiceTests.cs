using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core;

public sealed class AuthTokenServiceTests
{
    private const string Password = "correct horse battery staple";

    private readonly FakeCredentialVerifier _credentials = new();
    private readonly FakeAccessTokenIssuer _accessTokens = new();
    private readonly InMemoryRefreshTokenStore _refreshTokens = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly AuthTokenService _service;
    private readonly AccountIdentity _alice;

    public AuthTokenServiceTests()
    {
        _service = new AuthTokenService(
            _credentials,
            _credentials,
            _accessTokens,
            _refreshTokens,
            Options.Create(new AuthTokenOptions()),
            _clock,
            NullLogger<AuthTokenService>.Instance);
        _alice = _credentials.Add("alice", Password);
    }

    [Fact]
    public async Task IssueAsync_ValidCredentials_ReturnsPairExpiringInThirtyMinutes()
    {
        var result = await _service.IssueAsync("alice", Password, CancellationToken.None);

        Assert.Equal(TokenFailure.None, result.Failure);
        var tokens = Assert.IsType<TokenPair>(result.Tokens);
        Assert.Equal(1800, tokens.ExpiresIn);
        var issued = Assert.Single(_accessTokens.Issued);
        Assert.Equal(_alice, issued.Account);
        Assert.Equal(TimeSpan.FromMinutes(30), issued.Lifetime);
        Assert.Equal($"access-1-{_alice.Id}", tokens.AccessToken);
        Assert.False(string.IsNullOrWhiteSpace(tokens.RefreshToken));
    }

    [Fact]
    public async Task IssueAsync_ValidCredentials_StoresOnlyTheHashOfTheRefreshToken()
    {
        var tokens = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;

        var stored = Assert.Single(_refreshTokens.Tokens);
        Assert.Equal(SecureTokens.Hash(tokens.RefreshToken), stored.TokenHash);
        Assert.Equal(_alice.Id, stored.UserId);
        Assert.Equal(_clock.GetUtcNow(), stored.CreatedAt);
        Assert.Equal(_clock.GetUtcNow().AddDays(7), stored.ExpiresAt);
        Assert.Null(stored.RevokedAt);
        var storedText = typeof(RefreshToken).GetProperties().Select(p => Convert.ToString(p.GetValue(stored), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        Assert.DoesNotContain(storedText, text => text.Contains(tokens.RefreshToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("alice", "wrong password")]
    [InlineData("bob", Password)]
    public async Task IssueAsync_InvalidCredentials_ReturnsInvalidCredentialsAndStoresNothing(string userName, string password)
    {
        var result = await _service.IssueAsync(userName, password, CancellationToken.None);

        Assert.Equal(TokenFailure.InvalidCredentials, result.Failure);
        Assert.Null(result.Tokens);
        Assert.Empty(_refreshTokens.Tokens);
        Assert.Empty(_accessTokens.Issued);
    }

    [Fact]
    public async Task IssueAsync_LockedOut_ReturnsLockedUntil()
    {
        var until = _clock.GetUtcNow().AddMinutes(5);
        _credentials.Lock(_alice.Id, until);

        var result = await _service.IssueAsync("alice", Password, CancellationToken.None);

        Assert.Equal(TokenFailure.LockedOut, result.Failure);
        Assert.Equal(until, result.LockedUntil);
        Assert.Null(result.Tokens);
        Assert.Empty(_refreshTokens.Tokens);
    }

    [Fact]
    public async Task RefreshAsync_ValidToken_ReturnsNewPairAndRefusesTheOldToken()
    {
        var first = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;
        _clock.Advance(TimeSpan.FromMinutes(10));

        var refreshed = await _service.RefreshAsync(first.RefreshToken, CancellationToken.None);

        var second = Assert.IsType<TokenPair>(refreshed.Tokens);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(1800, second.ExpiresIn);
        var oldToken = Assert.Single(_refreshTokens.Tokens, t => t.TokenHash == SecureTokens.Hash(first.RefreshToken));
        var newToken = Assert.Single(_refreshTokens.Tokens, t => t.TokenHash == SecureTokens.Hash(second.RefreshToken));
        Assert.Equal(_clock.GetUtcNow(), oldToken.RevokedAt);
        Assert.Equal(oldToken.FamilyId, newToken.FamilyId);
        Assert.Equal(_clock.GetUtcNow().AddDays(7), newToken.ExpiresAt);

        var reused = await _service.RefreshAsync(first.RefreshToken, CancellationToken.None);
        Assert.Equal(TokenFailure.InvalidRefreshToken, reused.Failure);
        Assert.Null(reused.Tokens);
    }

    [Fact]
    public async Task RefreshAsync_RotatedTokenReplayed_RevokesWholeFamily()
    {
        var first = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;
        var second = (await _service.RefreshAsync(first.RefreshToken, CancellationToken.None)).Tokens!;
        var otherSignIn = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;

        var replay = await _service.RefreshAsync(first.RefreshToken, CancellationToken.None);

        Assert.Equal(TokenFailure.InvalidRefreshToken, replay.Failure);
        // The thief may hold the newest token; it must stop working too.
        Assert.Equal(TokenFailure.InvalidRefreshToken, (await _service.RefreshAsync(second.RefreshToken, CancellationToken.None)).Failure);
        Assert.NotNull(Assert.Single(_refreshTokens.Tokens, t => t.TokenHash == SecureTokens.Hash(second.RefreshToken)).RevokedAt);
        // Another sign-in of the same user is a different family and keeps working.
        Assert.NotNull((await _service.RefreshAsync(otherSignIn.RefreshToken, CancellationToken.None)).Tokens);
    }

    [Fact]
    public async Task RefreshAsync_AfterSevenDays_RefusesToken()
    {
        var tokens = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;
        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        var result = await _service.RefreshAsync(tokens.RefreshToken, CancellationToken.None);

        Assert.Equal(TokenFailure.InvalidRefreshToken, result.Failure);
        Assert.Null(result.Tokens);
    }

    [Fact]
    public async Task RefreshAsync_JustBeforeSevenDays_ReturnsNewPair()
    {
        var tokens = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;
        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));

        var result = await _service.RefreshAsync(tokens.RefreshToken, CancellationToken.None);

        Assert.NotNull(result.Tokens);
    }

    [Fact]
    public async Task RefreshAsync_AccountDeleted_RefusesToken()
    {
        var tokens = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;
        _credentials.Delete(_alice.Id);

        var result = await _service.RefreshAsync(tokens.RefreshToken, CancellationToken.None);

        Assert.Equal(TokenFailure.InvalidRefreshToken, result.Failure);
        Assert.Null(result.Tokens);
        Assert.Single(_accessTokens.Issued);
    }

    [Fact]
    public async Task RefreshAsync_AccountLockedOut_RefusesToken()
    {
        var tokens = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;
        _credentials.Lock(_alice.Id, _clock.GetUtcNow().AddMinutes(5));

        var result = await _service.RefreshAsync(tokens.RefreshToken, CancellationToken.None);

        Assert.Equal(TokenFailure.InvalidRefreshToken, result.Failure);
        Assert.Null(result.Tokens);
        Assert.Single(_accessTokens.Issued);
    }

    [Fact]
    public async Task RefreshAsync_UnknownToken_RefusesToken()
    {
        var result = await _service.RefreshAsync(SecureTokens.Create(), CancellationToken.None);

        Assert.Equal(TokenFailure.InvalidRefreshToken, result.Failure);
        Assert.Null(result.Tokens);
    }

    [Fact]
    public async Task RevokeAsync_CurrentToken_KillsWholeFamily()
    {
        var first = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;
        var second = (await _service.RefreshAsync(first.RefreshToken, CancellationToken.None)).Tokens!;
        var otherSignIn = (await _service.IssueAsync("alice", Password, CancellationToken.None)).Tokens!;

        Assert.True(await _service.RevokeAsync(second.RefreshToken, CancellationToken.None));

        Assert.Equal(TokenFailure.InvalidRefreshToken, (await _service.RefreshAsync(second.RefreshToken, CancellationToken.None)).Failure);
        var family = _refreshTokens.Tokens.Where(t => t.TokenHash != SecureTokens.Hash(otherSignIn.RefreshToken)).ToList();
        Assert.Equal(2, family.Count);
        Assert.All(family, t => Assert.NotNull(t.RevokedAt));
        Assert.NotNull((await _service.RefreshAsync(otherSignIn.RefreshToken, CancellationToken.None)).Tokens);
    }

    [Fact]
    public async Task RevokeAsync_UnknownToken_ReturnsFalse()
    {
        await _service.IssueAsync("alice", Password, CancellationToken.None);

        Assert.False(await _service.RevokeAsync(SecureTokens.Create(), CancellationToken.None));
        Assert.All(_refreshTokens.Tokens, t => Assert.Null(t.RevokedAt));
    }
}
