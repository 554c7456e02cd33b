using System.Runtime.CompilerServices;
using WindFlow.Core.Common;
using WindFlow.Core.Targets;

namespace WindFlow.Tests.Core;

public sealed class AsyncBatchingTests
{
    [Fact]
    public async Task BatchAsync_FastSource_DeliversEveryItemInOrderInBoundedBatches()
    {
        var seen = new List<int>();
        var largest = 0;
        await foreach (var batch in CountAsync(10_000).BatchAsync(capacity: 100, maxBatch: 64))
        {
            largest = Math.Max(largest, batch.Count);
            seen.AddRange(batch);
        }

        Assert.Equal(Enumerable.Range(0, 10_000), seen);
        Assert.InRange(largest, 1, 64);
    }

    [Fact]
    public async Task BatchAsync_SlowConsumer_SourceIsHeldBackAtCapacity()
    {
        var produced = 0;
        await using var batches = CountAsync(1_000, () => Interlocked.Increment(ref produced)).BatchAsync(capacity: 10, maxBatch: 1).GetAsyncEnumerator();

        Assert.True(await batches.MoveNextAsync());

        // The pump fills the buffer in the background: on a loaded machine that can take a while, so wait
        // for it to get there, then give it time to run past the capacity if it were unbounded.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref produced) < 11 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(300);

        // One item read, ten buffered, at most one more waiting to be written: the rest never left the source.
        Assert.InRange(Volatile.Read(ref produced), 11, 13);
    }

    [Fact]
    public async Task BatchAsync_SourceFails_RethrowsAfterTheItemsBeforeIt()
    {
        var seen = new List<int>();
        var failure = await Assert.ThrowsAsync<EngineException>(async () =>
        {
            await foreach (var batch in FailAfterAsync(5).BatchAsync(capacity: 100, maxBatch: 100))
            {
                seen.AddRange(batch);
            }
        });

        Assert.Equal([0, 1, 2, 3, 4], seen);
        Assert.Equal("daemon stopped", failure.Message);
    }

    [Fact]
    public async Task BatchAsync_ConsumerStops_StopsAndDisposesTheSource()
    {
        var finished = new TaskCompletionSource();
        await foreach (var batch in EndlessAsync(finished).BatchAsync(capacity: 10, maxBatch: 10))
        {
            Assert.NotEmpty(batch);
            break;
        }

        // The source's own clean-up (closing an engine connection, in real use) has run by the time the loop is left.
        Assert.True(finished.Task.IsCompleted);
    }

    private static async IAsyncEnumerable<int> CountAsync(int count, Action? onEach = null)
    {
        for (var i = 0; i < count; i++)
        {
            onEach?.Invoke();
            yield return i;
            if (i % 500 == 0)
            {
                await Task.Yield();
            }
        }
    }

    private static async IAsyncEnumerable<int> FailAfterAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }

        await Task.Yield();
        throw new EngineException(EngineErrorKind.Unreachable, "daemon stopped");
    }

    private static async IAsyncEnumerable<int> EndlessAsync(TaskCompletionSource finished, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            for (var i = 0; ; i++)
            {
                yield return i;
                await Task.Delay(1, cancellationToken);
            }
        }
        finally
        {
            finished.TrySetResult();
        }
    }
}
