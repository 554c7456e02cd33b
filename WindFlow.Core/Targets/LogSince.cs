using System.Globalization;

namespace WindFlow.Core.Targets;

/// <summary>The "since" of a log request as people and scripts write it.</summary>
public static class LogSince
{
    /// <summary>
    /// Reads a duration back from <paramref name="now"/> (<c>30s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>:
    /// what people type) or a time (<c>2026-11-22T08:00:00Z</c>: what scripts send).
    /// </summary>
    public static bool TryParse(string value, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        if (value.Length >= 2 && char.IsAsciiLetter(value[^1])
            && int.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? span = value[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } ago)
            {
                since = now - ago;
                return true;
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out since);
    }
}
