using Microsoft.Extensions.Hosting;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Scheduling;

/// <summary>Runs the Core event monitor for the lifetime of the process.</summary>
internal sealed class EngineEventMonitorService(EngineEventMonitor monitor) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => monitor.RunAsync(stoppingToken);
}
