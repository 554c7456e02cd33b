using WindFlow.Core.Targets;

namespace WindFlow.Tests.Core;

public sealed class SecretMaskingTests
{
    [Theory]
    [InlineData("POSTGRES_PASSWORD=hunter2", "POSTGRES_PASSWORD=••••••")]
    [InlineData("api_key=abc", "api_key=••••••")]
    [InlineData("AWS_SECRET_ACCESS_KEY=x", "AWS_SECRET_ACCESS_KEY=••••••")]
    [InlineData("GITHUB_TOKEN=ghp_1", "GITHUB_TOKEN=••••••")]
    [InlineData("DATABASE_DSN=postgres://u:p@h/db", "DATABASE_DSN=••••••")]
    [InlineData("PATH=/usr/bin:/bin", "PATH=/usr/bin:/bin")]
    [InlineData("MODE=production", "MODE=production")]
    [InlineData("EMPTY_PASSWORD=", "EMPTY_PASSWORD=")]
    [InlineData("NO_EQUALS_SECRET", "NO_EQUALS_SECRET")]
    public void MaskEnvironment_Entry_MasksOnlySecretLookingValues(string entry, string expected) =>
        Assert.Equal(expected, Assert.Single(SecretMasking.MaskEnvironment([entry])));

    [Fact]
    public void MaskEnvironment_ValueContainsEquals_KeepsNameMasksWholeValue() =>
        Assert.Equal("JWT_SECRET=••••••", Assert.Single(SecretMasking.MaskEnvironment(["JWT_SECRET=a=b=c"])));
}
