using WindFlow.Infrastructure.Persistence.Transfer;

namespace WindFlow.Tests.Infrastructure.Transfer;

public sealed class TableChecksumTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_SameRowsInAnotherOrder_SameChecksum()
    {
        var first = Of(["a", 1L, Noon], ["b", 2L, null]);
        var second = Of(["b", 2L, null], ["a", 1L, Noon]);

        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(2, second.Rows);
    }

    [Fact]
    public void Add_OneValueChanged_DifferentChecksum()
    {
        var original = Of(["a", 1L, Noon], ["b", 2L, null]);
        var changed = Of(["a", 1L, Noon], ["b", 3L, null]);
        var nulled = Of(["a", 1L, null], ["b", 2L, null]);

        Assert.NotEqual(original.ToString(), changed.ToString());
        Assert.NotEqual(original.ToString(), nulled.ToString());
    }

    [Fact]
    public void Add_ValuesSplitDifferently_DifferentChecksum()
    {
        Assert.NotEqual(Of(["ab", "c"]).ToString(), Of(["a", "bc"]).ToString());
    }

    [Fact]
    public void Add_TimesInOtherOffsetsOrBelowAMicrosecond_SameChecksum()
    {
        // SQLite keeps 100 ns ticks and the writer's offset; PostgreSQL UTC microseconds.
        var sqlite = Of([Noon.AddTicks(7).ToOffset(TimeSpan.FromHours(2)), true, new byte[] { 1, 2 }]);
        var postgres = Of([Noon, true, new byte[] { 1, 2 }]);

        Assert.Equal(sqlite.ToString(), postgres.ToString());
        Assert.NotEqual(postgres.ToString(), Of([Noon.AddTicks(10), true, new byte[] { 1, 2 }]).ToString());
    }

    private static TableChecksum Of(params object?[][] rows)
    {
        var checksum = new TableChecksum();
        foreach (var row in rows)
        {
            checksum.Add(row);
        }

        return checksum;
    }
}
