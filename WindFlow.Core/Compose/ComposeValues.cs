using System.Globalization;
using System.Text;

namespace WindFlow.Core.Compose;

/// <summary>Parsers for compose's value syntaxes: durations, byte sizes and shell words.</summary>
public static class ComposeValues
{
    private static readonly (string Unit, double Ticks)[] DurationUnits =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("us", TimeSpan.TicksPerMicrosecond),
        ("µs", TimeSpan.TicksPerMicrosecond),
        ("ns", 0.01),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
    ];

    /// <summary>
    /// Parses a compose (Go) duration such as <c>1m30s</c>, <c>10s</c>, <c>500ms</c>, <c>1.5h</c>.
    /// </summary>
    /// <returns>False for anything else (a bare number has no unit and is refused, except <c>0</c>).</returns>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var s = text.Trim();
        if (s == "0")
        {
            return true;
        }

        if (s.Length == 0)
        {
            return false;
        }

        double ticks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unit = DurationUnits.FirstOrDefault(u => string.CompareOrdinal(s, i, u.Unit, 0, u.Unit.Length) == 0);
            if (unit.Unit is null)
            {
                return false;
            }

            ticks += number * unit.Ticks;
            i += unit.Unit.Length;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>
    /// Parses a byte size as docker does: a number of bytes, or a number with a unit
    /// <c>b</c>, <c>k</c>/<c>kb</c>, <c>m</c>/<c>mb</c>, <c>g</c>/<c>gb</c>, <c>t</c>/<c>tb</c> (powers of 1024, any case).
    /// </summary>
    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        var s = text.Trim().ToLowerInvariant();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(s[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        double multiplier = s[end..] switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1L << 10,
            "m" or "mb" or "mib" => 1L << 20,
            "g" or "gb" or "gib" => 1L << 30,
            "t" or "tb" or "tib" => 1L << 40,
            _ => -1,
        };
        if (multiplier < 0)
        {
            return false;
        }

        bytes = (long)(number * multiplier);
        return true;
    }

    /// <summary>
    /// Splits a command line into words as a POSIX shell would, without running a shell:
    /// blanks separate words, single quotes keep text literally, double quotes keep blanks and honour
    /// <c>\"</c>, <c>\\</c>, <c>\$</c> and <c>\`</c>, a backslash outside quotes escapes the next character.
    /// </summary>
    /// <returns>False when a quote is not closed.</returns>
    public static bool TrySplitShellWords(string text, out IReadOnlyList<string> words)
    {
        var result = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inWord)
                {
                    result.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                i++;
                continue;
            }

            inWord = true;
            if (c == '\\')
            {
                if (i + 1 < text.Length)
                {
                    word.Append(text[i + 1]);
                }

                i += 2;
            }
            else if (c == '\'')
            {
                var close = text.IndexOf('\'', i + 1);
                if (close < 0)
                {
                    words = [];
                    return false;
                }

                word.Append(text, i + 1, close - i - 1);
                i = close + 1;
            }
            else if (c == '"')
            {
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        closed = true;
                        i++;
                        break;
                    }

                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        word.Append(text[i + 1]);
                        i += 2;
                        continue;
                    }

                    word.Append(text[i]);
                    i++;
                }

                if (!closed)
                {
                    words = [];
                    return false;
                }
            }
            else
            {
                word.Append(c);
                i++;
            }
        }

        if (inWord)
        {
            result.Add(word.ToString());
        }

        words = result;
        return true;
    }
}
