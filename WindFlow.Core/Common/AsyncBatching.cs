using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace WindFlow.Core.Common;

/// <summary>Groups a fast stream into batches of whatever has arrived, with a bounded buffer in between.</summary>
public static class AsyncBatching
{
    /// <summary>
    /// Reads <paramref name="source"/> in the background into a buffer of <paramref name="capacity"/>
    /// items and yields everything available at once (at most <paramref name="maxBatch"/>). When the
    /// consumer is slower than the source the buffer fills and reading pauses, so memory stays bounded
    /// and the producer (a container's log) is slowed down at its source instead. An exception of the
    /// source is rethrown after the items read before it.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<T>> BatchAsync<T>(
        this IAsyncEnumerable<T> source, int capacity, int maxBatch, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var item in source.WithCancellation(stop.Token))
                    {
                        await channel.Writer.WriteAsync(item, stop.Token);
                    }

                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);

        try
        {
            var reader = channel.Reader;
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                var batch = new List<T>(Math.Min(maxBatch, reader.Count > 0 ? reader.Count : 1));
                while (batch.Count < maxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                yield return batch;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await pump;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
