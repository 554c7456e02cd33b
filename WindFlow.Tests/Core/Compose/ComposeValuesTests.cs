using WindFlow.Core.Compose;

namespace WindFlow.Tests.Core.Compose;

public sealed class ComposeValuesTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2h3m4s5ms", 7_384_005)]
    [InlineData("0", 0)]
    public void TryParseDuration_ComposeDuration_ReturnsTimeSpan(string text, long milliseconds)
    {
        Assert.True(ComposeValues.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10x")]
    [InlineData("-5s")]
    public void TryParseDuration_Invalid_ReturnsFalse(string text)
    {
        Assert.False(ComposeValues.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData("512m", 512L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1gb", 1L << 30)]
    [InlineData("2048k", 2048L << 10)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("100", 100)]
    [InlineData("100b", 100)]
    public void TryParseBytes_Size_ReturnsBytes(string text, long bytes)
    {
        Assert.True(ComposeValues.TryParseBytes(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("12q")]
    [InlineData("")]
    public void TryParseBytes_Invalid_ReturnsFalse(string text)
    {
        Assert.False(ComposeValues.TryParseBytes(text, out _));
    }

    [Theory]
    [InlineData("a b  c", new[] { "a", "b", "c" })]
    [InlineData("sh -c 'echo $HOME'", new[] { "sh", "-c", "echo $HOME" })]
    [InlineData("echo \"a \\\"b\\\" c\"", new[] { "echo", "a \"b\" c" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("x'y'\"z\"", new[] { "xyz" })]
    [InlineData("''", new[] { "" })]
    [InlineData("", new string[0])]
    public void TrySplitShellWords_CommandLine_SplitsLikePosixShell(string text, string[] expected)
    {
        Assert.True(ComposeValues.TrySplitShellWords(text, out var words));
        Assert.Equal(expected, words);
    }

    [Theory]
    [InlineData("echo 'unclosed")]
    [InlineData("echo \"unclosed")]
    public void TrySplitShellWords_UnclosedQuote_ReturnsFalse(string text)
    {
        Assert.False(ComposeValues.TrySplitShellWords(text, out _));
    }
}
