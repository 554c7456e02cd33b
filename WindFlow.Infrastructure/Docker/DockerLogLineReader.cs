using System.Runtime.CompilerServices;
using System.Text;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// Turns a log body into lines: frames are demultiplexed first when the container has no TTY,
/// and each stream keeps its own partial line because a frame need not end at a line break.
/// </summary>
public static class DockerLogLineReader
{
    /// <summary>Reads <paramref name="body"/> (a /logs answer) to its end, or until cancelled.</summary>
    public static async IAsyncEnumerable<LogLine> ReadAsync(
        Stream body, bool tty, bool timestamps, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stdout = new LineBuffer(LogStream.Stdout, timestamps);
        var stderr = new LineBuffer(LogStream.Stderr, timestamps);
        var lines = new List<LogLine>();
        if (tty)
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                stdout.Append(buffer.AsSpan(0, read), lines);
                foreach (var line in lines)
                {
                    yield return line;
                }

                lines.Clear();
            }
        }
        else
        {
            var frames = new DockerFrameReader(body);
            while (await frames.ReadFrameAsync(cancellationToken) is { } frame)
            {
                (frame.Stream == LogStream.Stderr ? stderr : stdout).Append(frame.Payload.Span, lines);
                foreach (var line in lines)
                {
                    yield return line;
                }

                lines.Clear();
            }
        }

        stdout.Flush(lines);
        stderr.Flush(lines);
        foreach (var line in lines)
        {
            yield return line;
        }
    }

    private sealed class LineBuffer(LogStream stream, bool timestamps)
    {
        private readonly List<byte> _pending = [];

        public void Append(ReadOnlySpan<byte> data, List<LogLine> output)
        {
            int newline;
            while ((newline = data.IndexOf((byte)'\n')) >= 0)
            {
                if (_pending.Count == 0)
                {
                    output.Add(ToLine(data[..newline]));
                }
                else
                {
                    _pending.AddRange(data[..newline]);
                    output.Add(ToLine(_pending.ToArray()));
                    _pending.Clear();
                }

                data = data[(newline + 1)..];
            }

            _pending.AddRange(data);
        }

        public void Flush(List<LogLine> output)
        {
            if (_pending.Count > 0)
            {
                output.Add(ToLine(_pending.ToArray()));
                _pending.Clear();
            }
        }

        private LogLine ToLine(ReadOnlySpan<byte> bytes)
        {
            // A TTY ends lines with CRLF; the CR is terminal noise, not content.
            if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
            {
                bytes = bytes[..^1];
            }

            // Splitting on bytes before decoding keeps multi-byte characters whole across frames.
            var text = Encoding.UTF8.GetString(bytes);
            DateTimeOffset? time = null;
            if (timestamps)
            {
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                if (DockerMapping.TryParseTime(space < 0 ? text : text[..space], out var parsed))
                {
                    time = parsed;
                    text = space < 0 ? "" : text[(space + 1)..];
                }
            }

            return new LogLine(stream, text, time);
        }
    }
}
