using WindFlow.Core.Accounts;

namespace WindFlow.Tests.Core;

public sealed class AuthTokenOptionsTests
{
    [Fact]
    public void Validate_Defaults_ReturnsNull()
    {
        Assert.Null(new AuthTokenOptions().Validate());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(32)]
    [InlineData(48)]
    public void Validate_AcceptableSigningKey_ReturnsNull(object? key)
    {
        var options = new AuthTokenOptions { JwtSigningKey = key is int bytes ? Convert.ToBase64String(new byte[bytes]) : (string?)key };

        Assert.Null(options.Validate());
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA====")]
    [InlineData(31)]
    [InlineData(16)]
    public void Validate_BadSigningKey_NamesJwtSigningKey(object key)
    {
        var options = new AuthTokenOptions { JwtSigningKey = key is int bytes ? Convert.ToBase64String(new byte[bytes]) : (string)key };

        Assert.Contains("Auth:JwtSigningKey", options.Validate(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:59", "7.00:00:00", "Auth:AccessTokenLifetime")]
    [InlineData("1.00:00:01", "7.00:00:00", "Auth:AccessTokenLifetime")]
    [InlineData("00:30:00", "00:29:59", "Auth:RefreshTokenLifetime")]
    [InlineData("00:30:00", "90.00:00:01", "Auth:RefreshTokenLifetime")]
    public void Validate_LifetimeOutOfRange_NamesTheSetting(string access, string refresh, string expectedSetting)
    {
        var options = new AuthTokenOptions { AccessTokenLifetime = TimeSpan.Parse(access, System.Globalization.CultureInfo.InvariantCulture), RefreshTokenLifetime = TimeSpan.Parse(refresh, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Contains(expectedSetting, options.Validate(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:01:00", "00:01:00")]
    [InlineData("1.00:00:00", "90.00:00:00")]
    public void Validate_LifetimesAtTheLimits_ReturnsNull(string access, string refresh)
    {
        var options = new AuthTokenOptions { AccessTokenLifetime = TimeSpan.Parse(access, System.Globalization.CultureInfo.InvariantCulture), RefreshTokenLifetime = TimeSpan.Parse(refresh, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Null(options.Validate());
    }

    [Fact]
    public void AuthTokenOptionsValidator_InvalidOptions_FailsWithValidateMessage()
    {
        var options = new AuthTokenOptions { JwtSigningKey = Convert.ToBase64String(new byte[8]) };

        var result = new AuthTokenOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(options.Validate(), result.FailureMessage);
    }

    [Fact]
    public void AuthTokenOptionsValidator_Defaults_Succeeds()
    {
        Assert.True(new AuthTokenOptionsValidator().Validate(null, new AuthTokenOptions()).Succeeded);
    }
}
