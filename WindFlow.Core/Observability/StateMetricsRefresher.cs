using Microsoft.Extensions.Logging;
using WindFlow.Core.Deployments;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Observability;

/// <summary>
/// Feeds the state gauges of <see cref="WindFlowMetrics"/> (targets and deployments by status) from
/// the stores. It runs when a scraper asks, not on a timer, so an instance nobody scrapes never
/// queries for them; a minimum age keeps an eager scraper from querying on every request.
/// </summary>
public sealed partial class StateMetricsRefresher(
    ITargetStore targets, IDeploymentStore deployments, WindFlowMetrics metrics, TimeProvider clock, ILogger<StateMetricsRefresher> logger)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _refreshedAt;

    /// <summary>Reads the stores again unless the last read is younger than <paramref name="maxAge"/>.</summary>
    public async Task RefreshIfDueAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        if (IsFresh(maxAge))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Concurrent scrapes wait for the first one's read instead of repeating it.
            if (IsFresh(maxAge))
            {
                return;
            }

            // The read serves every scrape waiting on the gate, so one impatient scraper (Prometheus
            // gives up after its scrape timeout) must not abort it; a bound of its own keeps a stuck
            // database from holding the gate for ever.
            using var limit = new CancellationTokenSource(ReadTimeout, clock);
            var targetList = await targets.ListAsync(limit.Token);
            var deploymentList = await deployments.ListAsync(includeRemoved: false, limit.Token);
            metrics.UpdateState(targetList.Select(t => t.Status), deploymentList.Select(d => d.Status));
            _refreshedAt = clock.GetUtcNow();
        }
        catch (Exception ex)
        {
            // A database hiccup must not fail the whole scrape: the other series are still true, and
            // these keep their last values until the next read succeeds.
            LogRefreshFailed(logger, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsFresh(TimeSpan maxAge) => _refreshedAt is { } at && clock.GetUtcNow() - at < maxAge;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read targets and deployments for the metrics; the gauges keep their last values")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
