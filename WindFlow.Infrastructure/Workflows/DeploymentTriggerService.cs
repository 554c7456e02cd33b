using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WindFlow.Core.Deployments;
using WindFlow.Core.Workflows;

namespace WindFlow.Infrastructure.Workflows;

/// <summary>
/// Feeds finished deployment runs to <see cref="WorkflowDeploymentTriggers"/>. The bus handler only
/// queues (publishers must not wait for database work); one reader handles them in order.
/// </summary>
internal sealed partial class DeploymentTriggerService(DeploymentBus bus, WorkflowDeploymentTriggers triggers, ILogger<DeploymentTriggerService> logger) : BackgroundService
{
    private readonly Channel<Run> _finished = Channel.CreateUnbounded<Run>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = bus.Subscribe(n =>
        {
            if (n.Kind == DeploymentNotificationKind.RunChanged && n.Run is { IsFinished: true } run)
            {
                _finished.Writer.TryWrite(run);
            }
        });
        // A run is announced finished once, but a relayed copy (cluster) must not fire twice here.
        var seen = new Queue<Guid>();
        await foreach (var run in _finished.Reader.ReadAllAsync(stoppingToken))
        {
            if (seen.Contains(run.Id))
            {
                continue;
            }

            seen.Enqueue(run.Id);
            if (seen.Count > 256)
            {
                seen.Dequeue();
            }

            try
            {
                await triggers.HandleAsync(run, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex, run.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployment-event workflow triggers failed for run {RunId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid runId);
}
