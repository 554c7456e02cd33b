using WindFlow.Core.Targets;

namespace WindFlow.Web.Components.Pages.Containers;

/// <summary>A log line as the viewer keeps it: numbered so a view can tell old lines from new ones.</summary>
public sealed record LogEntry(long Number, LogStream Stream, string Text, DateTimeOffset? Timestamp);

/// <summary>
/// The last <see cref="Capacity"/> log lines of a viewer. Older lines fall off the front, so a
/// container printing for hours costs a bounded amount of server memory per open viewer. Also keeps
/// the positions of lines matching the search, updated as lines arrive.
/// </summary>
public sealed class LogBuffer(int capacity)
{
    /// <summary>Lines a viewer keeps by default: enough for a long incident, about 20 MB at most.</summary>
    public const int Length = 100_000;

    private readonly LogEntry[] _lines = new LogEntry[capacity];
    private readonly List<long> _matches = [];
    private int _start;
    private string _search = "";

    /// <summary>Most lines kept.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Lines kept now.</summary>
    public int Count { get; private set; }

    /// <summary>Lines received since the viewer opened, including those that fell off.</summary>
    public long Received { get; private set; }

    /// <summary>Lines dropped from the front because the buffer was full.</summary>
    public long Dropped => Received - Count;

    /// <summary>The text searched for; empty for none.</summary>
    public string Search => _search;

    /// <summary>Kept lines that contain <see cref="Search"/>.</summary>
    public int MatchCount
    {
        get
        {
            TrimMatches();
            return _matches.Count;
        }
    }

    /// <summary>The <paramref name="index"/>-th kept line, oldest first.</summary>
    public LogEntry this[int index] => _lines[(_start + index) % Capacity];

    /// <summary>Appends lines, dropping the oldest when full.</summary>
    public void AddRange(IEnumerable<LogLine> lines)
    {
        foreach (var line in lines)
        {
            var entry = new LogEntry(Received++, line.Stream, line.Text, line.Timestamp);
            if (Count < Capacity)
            {
                _lines[(_start + Count) % Capacity] = entry;
                Count++;
            }
            else
            {
                _lines[_start] = entry;
                _start = (_start + 1) % Capacity;
            }

            if (_search.Length > 0 && Contains(entry.Text, _search))
            {
                _matches.Add(entry.Number);
            }
        }
    }

    /// <summary>Forgets every line.</summary>
    public void Clear()
    {
        _start = 0;
        Count = 0;
        _matches.Clear();
        Array.Clear(_lines);
    }

    /// <summary>Sets the search and finds the matching kept lines.</summary>
    public void SetSearch(string? search)
    {
        _search = search ?? "";
        _matches.Clear();
        if (_search.Length == 0)
        {
            return;
        }

        for (var i = 0; i < Count; i++)
        {
            var entry = this[i];
            if (Contains(entry.Text, _search))
            {
                _matches.Add(entry.Number);
            }
        }
    }

    /// <summary>The <paramref name="index"/>-th kept line that matches the search.</summary>
    public LogEntry MatchAt(int index)
    {
        TrimMatches();
        return this[(int)(_matches[index] - FirstNumber)];
    }

    /// <summary>Lines <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of all lines, or of matching ones only.</summary>
    public IReadOnlyList<LogEntry> Slice(int start, int count, bool matchesOnly)
    {
        var total = matchesOnly ? MatchCount : Count;
        var end = Math.Min(total, start + count);
        var slice = new List<LogEntry>(Math.Max(0, end - start));
        for (var i = Math.Max(0, start); i < end; i++)
        {
            slice.Add(matchesOnly ? MatchAt(i) : this[i]);
        }

        return slice;
    }

    /// <summary>Splits <paramref name="text"/> into runs, marking those equal to the search.</summary>
    public static IEnumerable<(string Text, bool Match)> Highlight(string text, string search)
    {
        if (search.Length == 0)
        {
            yield return (text, false);
            yield break;
        }

        var at = 0;
        while (at < text.Length)
        {
            var found = text.IndexOf(search, at, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                yield return (text[at..], false);
                yield break;
            }

            if (found > at)
            {
                yield return (text[at..found], false);
            }

            yield return (text.Substring(found, search.Length), true);
            at = found + search.Length;
        }
    }

    private long FirstNumber => Count == 0 ? Received : this[0].Number;

    private static bool Contains(string text, string search) => text.Contains(search, StringComparison.OrdinalIgnoreCase);

    // Matches of lines that fell off the front are dropped lazily, when the matches are next read.
    private void TrimMatches()
    {
        var first = FirstNumber;
        var stale = 0;
        while (stale < _matches.Count && _matches[stale] < first)
        {
            stale++;
        }

        if (stale > 0)
        {
            _matches.RemoveRange(0, stale);
        }
    }
}
