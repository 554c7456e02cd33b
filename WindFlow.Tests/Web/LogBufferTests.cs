using WindFlow.Core.Targets;
using WindFlow.Web.Components.Pages.Containers;

namespace WindFlow.Tests.Web;

public sealed class LogBufferTests
{
    [Fact]
    public void AddRange_MoreThanCapacity_KeepsTheNewestInOrderAndCountsDropped()
    {
        var buffer = new LogBuffer(5);

        buffer.AddRange(Lines(12));

        Assert.Equal((5, 12L, 7L), (buffer.Count, buffer.Received, buffer.Dropped));
        Assert.Equal(["line 7", "line 8", "line 9", "line 10", "line 11"], buffer.Slice(0, 10, matchesOnly: false).Select(l => l.Text));
        Assert.Equal(11, buffer[4].Number);
    }

    [Fact]
    public void SetSearch_ThenMoreLines_MatchesFollowNewLinesAndForgetDroppedOnes()
    {
        var buffer = new LogBuffer(4);
        buffer.AddRange([Line("error one"), Line("ok"), Line("ERROR two")]);

        buffer.SetSearch("error");
        Assert.Equal(2, buffer.MatchCount);

        buffer.AddRange([Line("error three"), Line("ok"), Line("ok"), Line("ok")]);

        // "error one" and "ERROR two" fell off the front; only "error three" is still kept.
        Assert.Equal(["error three"], buffer.Slice(0, 10, matchesOnly: true).Select(l => l.Text));
    }

    [Fact]
    public void Highlight_CaseInsensitive_SplitsAroundEachMatch()
    {
        var runs = LogBuffer.Highlight("Error: disk error", "error").ToList();

        Assert.Equal([("Error", true), (": disk ", false), ("error", true)], runs);
    }

    [Fact]
    public void Slice_PastTheEnd_ReturnsWhatThereIs()
    {
        var buffer = new LogBuffer(100);
        buffer.AddRange(Lines(3));

        Assert.Single(buffer.Slice(2, 50, matchesOnly: false));
        Assert.Empty(buffer.Slice(5, 50, matchesOnly: false));
    }

    private static IEnumerable<LogLine> Lines(int count) => Enumerable.Range(0, count).Select(i => Line($"line {i}"));

    private static LogLine Line(string text) => new(LogStream.Stdout, text, null);
}
