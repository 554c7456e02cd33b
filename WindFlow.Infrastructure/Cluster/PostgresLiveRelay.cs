using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WindFlow.Core.Deployments;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Persistence;

namespace WindFlow.Infrastructure.Cluster;

/// <summary>
/// Carries live notifications between the instances of a cluster through PostgreSQL
/// <c>LISTEN/NOTIFY</c>, so a browser connected to one instance watches a run another instance
/// executes. Each instance republishes on its own buses what the others sent; the database stays the
/// record (a notification lost while reconnecting only delays a page until its next read).
/// </summary>
internal sealed partial class PostgresLiveRelay(
    IOptions<DatabaseOptions> database,
    DeploymentBus deployments,
    EngineEventBus targets,
    IRunStore runs,
    ILogger<PostgresLiveRelay> logger) : BackgroundService
{
    internal const string ChannelName = "windflow_live";

    // NOTIFY payloads are limited to 8000 bytes; a batch is sent before it grows past this.
    private const int MaxPayloadBytes = 7000;
    private const int MaxMessageChars = 1000;

    // Publish runs handlers on the publishing thread: this marks notifications the relay itself
    // republished, so they are not sent back to the cluster.
    [ThreadStatic]
    private static bool _relaying;

    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly Channel<RelayItem> _outgoing = Channel.CreateBounded<RelayItem>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var fromDeployments = deployments.Subscribe(n => Enqueue(RelayItem.From(n)));
        // Engine events are not relayed: every instance watches every engine itself.
        using var fromTargets = targets.Subscribe(n => Enqueue(n.Kind == TargetNotificationKind.EngineEvent ? null : RelayItem.From(n)));
        await Task.WhenAll(KeepAsync(SendAsync, stoppingToken), KeepAsync(ListenAsync, stoppingToken));
    }

    private void Enqueue(RelayItem? item)
    {
        if (item is not null && !_relaying)
        {
            _outgoing.Writer.TryWrite(item);
        }
    }

    // A lost connection (database restart, network blip) is retried, never fatal to WindFlow.
    private async Task KeepAsync(Func<CancellationToken, Task> loop, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await loop(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or JsonException)
            {
                LogRelayFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        var batch = new List<RelayItem>();
        while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
        {
            var size = 0;
            // Everything already waiting goes in as few notifications as the size limit allows.
            while (_outgoing.Reader.TryPeek(out var next))
            {
                var itemSize = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(next, RelayItem.Json));
                if (batch.Count > 0 && size + itemSize > MaxPayloadBytes)
                {
                    break;
                }

                _outgoing.Reader.TryRead(out _);
                batch.Add(next);
                size += itemSize;
            }

            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", ChannelName);
            notify.Parameters.AddWithValue("payload", JsonSerializer.Serialize(new RelayBatch(_origin, batch), RelayItem.Json));
            await notify.ExecuteNonQueryAsync(stoppingToken);
            batch.Clear();
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var incoming = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, e) => incoming.Writer.TryWrite(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Notifications are applied in order, on one loop, while the connection waits for more.
        var apply = ApplyAllAsync(incoming.Reader, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await connection.WaitAsync(stoppingToken);
            }
        }
        finally
        {
            incoming.Writer.TryComplete();
            await apply;
        }
    }

    private async Task ApplyAllAsync(ChannelReader<string> incoming, CancellationToken stoppingToken)
    {
        await foreach (var payload in incoming.ReadAllAsync(CancellationToken.None))
        {
            var batch = JsonSerializer.Deserialize<RelayBatch>(payload, RelayItem.Json);
            if (batch is null || batch.Origin == _origin)
            {
                continue;
            }

            foreach (var item in batch.Items)
            {
                try
                {
                    await ApplyAsync(item, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task ApplyAsync(RelayItem item, CancellationToken stoppingToken)
    {
        if (item.Deployment is { } deployment)
        {
            var kind = deployment.Kind;
            // The run itself is not sent (it holds protected parameters): this instance reads it.
            var run = kind == DeploymentNotificationKind.RunChanged && deployment.RunId is { } runId
                ? await runs.FindAsync(runId, stoppingToken)
                : null;
            Republish(() => deployments.Publish(new DeploymentNotification(kind, deployment.DeploymentId, deployment.RunId, deployment.Event, run)));
        }
        else if (item.Target is { } target)
        {
            Republish(() => targets.Publish(target));
        }
    }

    private static void Republish(Action publish)
    {
        _relaying = true;
        try
        {
            publish();
        }
        finally
        {
            _relaying = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster live relay lost its PostgreSQL connection; retrying in 2 s")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);

    internal sealed record RelayBatch(string Origin, List<RelayItem> Items);

    internal sealed record DeploymentItem(DeploymentNotificationKind Kind, Guid DeploymentId, Guid? RunId, RunEvent? Event);

    /// <summary>One notification on the wire: exactly one of the two is set.</summary>
    internal sealed record RelayItem(DeploymentItem? Deployment, TargetNotification? Target)
    {
        public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public static RelayItem From(DeploymentNotification n) => new(
            new DeploymentItem(n.Kind, n.DeploymentId, n.RunId, n.Event is { } e ? Trimmed(e) : null), null);

        public static RelayItem From(TargetNotification n) => new(null, n);

        // Pages show the start of a long message live; the whole one is in the database.
        private static RunEvent Trimmed(RunEvent e) => e.Message.Length <= MaxMessageChars
            ? e
            : new RunEvent
            {
                Id = e.Id,
                RunId = e.RunId,
                Sequence = e.Sequence,
                Time = e.Time,
                Level = e.Level,
                Service = e.Service,
                Step = e.Step,
                Message = e.Message[..MaxMessageChars] + "…",
                Progress = e.Progress,
            };
    }
}
