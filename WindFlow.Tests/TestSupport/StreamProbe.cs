using System.Diagnostics;

namespace WindFlow.Tests.TestSupport;

/// <summary>What <see cref="StreamProbe.TakeThenCancelAsync"/> saw.</summary>
/// <param name="Items">Everything the stream yielded, including any item that raced the cancellation.</param>
/// <param name="CancelRequested">Whether enough items arrived for cancellation to be requested.</param>
/// <param name="EndedAfterCancel">How long the stream took to end once cancellation was requested.</param>
public sealed record StreamProbeResult<T>(IReadOnlyList<T> Items, bool CancelRequested, TimeSpan EndedAfterCancel);

/// <summary>Reads a following stream until it yields enough, cancels it, and times how fast it stops.</summary>
public static class StreamProbe
{
    public static async Task<StreamProbeResult<T>> TakeThenCancelAsync<T>(
        Func<CancellationToken, IAsyncEnumerable<T>> open, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var follow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var items = new List<T>();
        var cancelled = new Stopwatch();
        var requested = false;
        var reading = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var item in open(follow.Token))
                    {
                        items.Add(item);
                        if (items.Count == count)
                        {
                            requested = true;
                            cancelled.Start();
                            await follow.CancelAsync();
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // The expected way a followed stream ends.
                }
            },
            CancellationToken.None);
        await reading.WaitAsync(timeout, cancellationToken);
        cancelled.Stop();
        return new StreamProbeResult<T>(items, requested, cancelled.Elapsed);
    }
}
