using Microsoft.Extensions.Hosting;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Runs the Core event monitor for the lifetime of the process.</summary>
internal sealed class EngineEventMonitorService(EngineEventMonitor monitor, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Watching engines waits until WindFlow serves requests: start-up time is a feature.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await monitor.RunAsync(stoppingToken);
    }
}
