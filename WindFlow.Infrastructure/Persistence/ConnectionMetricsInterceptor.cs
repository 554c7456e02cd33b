using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WindFlow.Core.Observability;

namespace WindFlow.Infrastructure.Persistence;

/// <summary>
/// Counts open database connections for SQLite, whose ADO.NET provider has no meter (Npgsql's own
/// meter reports PostgreSQL's pool, so this is not installed there).
/// </summary>
internal sealed class ConnectionMetricsInterceptor(WindFlowMetrics metrics) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => metrics.ConnectionsInUse(+1);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        metrics.ConnectionsInUse(+1);
        return Task.CompletedTask;
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => metrics.ConnectionsInUse(-1);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        metrics.ConnectionsInUse(-1);
        return Task.CompletedTask;
    }
}
