using System.Buffers.Binary;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>One frame of a multiplexed stream: which stream it belongs to and its payload.</summary>
public readonly record struct DockerFrame(LogStream Stream, ReadOnlyMemory<byte> Payload);

/// <summary>
/// Decodes Docker's multiplexed stdout/stderr stream (used for logs and attach when the container
/// has no TTY): each frame is an 8-byte header — stream type byte, three zero bytes, big-endian
/// uint32 payload length — followed by the payload.
/// </summary>
public sealed class DockerFrameReader(Stream source)
{
    private const int HeaderLength = 8;

    private readonly byte[] _header = new byte[HeaderLength];
    private byte[] _payload = new byte[4096];

    /// <summary>
    /// Reads the next frame, or returns null at a clean end of stream. The payload is only valid
    /// until the next call, because the buffer is reused to keep log following allocation-free.
    /// </summary>
    public async ValueTask<DockerFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var headerRead = await ReadFullyAsync(_header, cancellationToken);
        if (headerRead == 0)
        {
            return null;
        }

        if (headerRead < HeaderLength)
        {
            throw new EngineException(EngineErrorKind.Api, $"The log stream ended inside a frame header ({headerRead} of {HeaderLength} bytes).");
        }

        var stream = _header[0] switch
        {
            // 0 is stdin, which the engine only echoes back with attach; it is shown as output.
            0 or 1 => LogStream.Stdout,
            2 => LogStream.Stderr,
            var other => throw new EngineException(EngineErrorKind.Api, $"The log stream has an unknown frame type {other}: is the container's TTY setting right?"),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        if (length > int.MaxValue)
        {
            throw new EngineException(EngineErrorKind.Api, $"The log stream announced an impossible frame of {length} bytes.");
        }

        if (_payload.Length < length)
        {
            _payload = new byte[Math.Max((int)length, _payload.Length * 2)];
        }

        var payload = _payload.AsMemory(0, (int)length);
        var payloadRead = await ReadFullyAsync(payload, cancellationToken);
        if (payloadRead < length)
        {
            throw new EngineException(EngineErrorKind.Api, $"The log stream ended inside a frame ({payloadRead} of {length} bytes).");
        }

        return new DockerFrame(stream, payload);
    }

    private async ValueTask<int> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await source.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
