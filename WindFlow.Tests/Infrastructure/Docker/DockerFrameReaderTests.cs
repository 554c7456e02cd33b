using System.Buffers.Binary;
using System.Text;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;

namespace WindFlow.Tests.Infrastructure.Docker;

public sealed class DockerFrameReaderTests
{
    [Fact]
    public async Task ReadFrameAsync_FramesSplitAcrossReads_ReassemblesEachFrame()
    {
        var bytes = Concat(Frame(1, "hello\n"), Frame(2, "oops\n"), Frame(1, "bye\n"));
        var reader = new DockerFrameReader(new TrickleStream(bytes, chunkSize: 3));

        var frames = await ReadAllAsync(reader);

        Assert.Equal(
            [(LogStream.Stdout, "hello\n"), (LogStream.Stderr, "oops\n"), (LogStream.Stdout, "bye\n")],
            frames);
    }

    [Fact]
    public async Task ReadFrameAsync_ZeroLengthFrame_ReturnsEmptyPayloadAndContinues()
    {
        var bytes = Concat(Frame(2, ""), Frame(1, "after\n"));
        var reader = new DockerFrameReader(new TrickleStream(bytes, chunkSize: 1));

        var frames = await ReadAllAsync(reader);

        Assert.Equal([(LogStream.Stderr, ""), (LogStream.Stdout, "after\n")], frames);
    }

    [Fact]
    public async Task ReadFrameAsync_FrameLargerThanBuffer_ReturnsWholePayload()
    {
        var big = new string('x', 1_000_000);
        var reader = new DockerFrameReader(new TrickleStream(Concat(Frame(1, big), Frame(2, "tail")), chunkSize: 8191));

        var frames = await ReadAllAsync(reader);

        Assert.Equal(2, frames.Count);
        Assert.Equal(big, frames[0].Text);
        Assert.Equal((LogStream.Stderr, "tail"), frames[1]);
    }

    [Fact]
    public async Task ReadFrameAsync_StreamEndsInsidePayload_ThrowsEngineException()
    {
        var truncated = Frame(1, "complete line\n")[..10];
        var reader = new DockerFrameReader(new TrickleStream(truncated, chunkSize: 4));

        var error = await Assert.ThrowsAsync<EngineException>(() => reader.ReadFrameAsync(CancellationToken.None).AsTask());

        Assert.Contains("ended inside a frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LineSplitAcrossFramesAndStreams_KeepsStreamsApart()
    {
        // A line may be cut across frames, and stderr frames may arrive in between.
        var bytes = Concat(Frame(1, "hel"), Frame(2, "err-"), Frame(1, "lo\nwor"), Frame(2, "line\n"), Frame(1, "ld"));

        var lines = await ReadLinesAsync(bytes, tty: false, timestamps: false);

        Assert.Equal(
            [new LogLine(LogStream.Stdout, "hello", null), new LogLine(LogStream.Stderr, "err-line", null), new LogLine(LogStream.Stdout, "world", null)],
            lines);
    }

    [Fact]
    public async Task ReadAsync_TtyWithTimestamps_SplitsRawTextAndParsesNanosecondTimes()
    {
        var bytes = Encoding.UTF8.GetBytes("2026-11-22T04:12:26.691469403Z one\r\n2026-11-22T04:12:27.000000001Z two\r\n");

        var lines = await ReadLinesAsync(bytes, tty: true, timestamps: true);

        Assert.Equal(["one", "two"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStream.Stdout, l.Stream));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 4, 12, 26, TimeSpan.Zero).AddTicks(6914694), lines[0].Timestamp);
    }

    private static async Task<List<LogLine>> ReadLinesAsync(byte[] bytes, bool tty, bool timestamps)
    {
        var lines = new List<LogLine>();
        await foreach (var line in DockerLogLineReader.ReadAsync(new TrickleStream(bytes, chunkSize: 2), tty, timestamps, CancellationToken.None))
        {
            lines.Add(line);
        }

        return lines;
    }

    private static async Task<List<(LogStream Stream, string Text)>> ReadAllAsync(DockerFrameReader reader)
    {
        var frames = new List<(LogStream, string)>();
        while (await reader.ReadFrameAsync(CancellationToken.None) is { } frame)
        {
            frames.Add((frame.Stream, Encoding.UTF8.GetString(frame.Payload.Span)));
        }

        return frames;
    }

    private static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>A read-only stream that hands out at most <c>chunkSize</c> bytes per read, like a slow socket.</summary>
    private sealed class TrickleStream(byte[] data, int chunkSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(chunkSize, buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
