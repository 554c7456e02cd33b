using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WindFlow.Infrastructure.Persistence.Transfer;

/// <summary>
/// A row count and a checksum of a table's rows, computed the same way from SQLite and PostgreSQL
/// values. Each row is hashed on its own and the hashes are added up, so the result does not depend
/// on row order: the two databases sort text keys by different collations, so "ordered by primary
/// key" would not mean the same order on both sides.
/// </summary>
public sealed class TableChecksum
{
    private readonly ulong[] _sum = new ulong[4];
    private readonly ArrayBufferWriter<byte> _row = new();

    /// <summary>Rows added so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one row (values as read from either database, in column order).</summary>
    public void Add(IReadOnlyList<object?> values)
    {
        _row.ResetWrittenCount();
        foreach (var value in values)
        {
            // A length prefix per value keeps ("ab", "c") and ("a", "bc") apart; -1 marks NULL.
            var bytes = value is null ? null : Normalise(value);
            BinaryPrimitives.WriteInt32LittleEndian(_row.GetSpan(4), bytes?.Length ?? -1);
            _row.Advance(4);
            if (bytes is not null)
            {
                _row.Write(bytes);
            }
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_row.WrittenSpan, digest);
        for (var lane = 0; lane < 4; lane++)
        {
            _sum[lane] = unchecked(_sum[lane] + BinaryPrimitives.ReadUInt64LittleEndian(digest[(lane * 8)..]));
        }

        Rows++;
    }

    /// <summary>The checksum as 64 hex digits.</summary>
    public override string ToString() => string.Concat(_sum.Select(lane => lane.ToString("x16", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Brings a value to what PostgreSQL can hold: times to UTC whole microseconds (SQLite keeps
    /// 100 ns ticks, PostgreSQL microseconds). Applied before writing and before hashing.
    /// </summary>
    public static object? ToStorable(object? value) => value switch
    {
        DateTimeOffset t => new DateTimeOffset(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero),
        DateTime t => DateTime.SpecifyKind(new DateTime(t.Ticks - (t.Ticks % 10)), DateTimeKind.Utc),
        _ => value,
    };

    private static byte[] Normalise(object value) => ToStorable(value) switch
    {
        byte[] blob => blob,
        DateTimeOffset t => Text(t.UtcTicks.ToString(CultureInfo.InvariantCulture)),
        DateTime t => Text(t.Ticks.ToString(CultureInfo.InvariantCulture)),
        bool b => Text(b ? "1" : "0"),
        double d => Text(d.ToString("R", CultureInfo.InvariantCulture)),
        float f => Text(f.ToString("R", CultureInfo.InvariantCulture)),
        // PostgreSQL's numeric keeps trailing zeros SQLite may drop: 1.50 and 1.5 are one value.
        decimal m => Text((m / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)),
        Guid g => Text(g.ToString("D")),
        var other => Text(Convert.ToString(other, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
