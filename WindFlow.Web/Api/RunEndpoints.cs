using System.Text.Json;
using System.Threading.Channels;
using WindFlow.Core.Deployments;
using WindFlow.Core.Organizations;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/runs</c>: runs with their steps, and their events live as server-sent events.</summary>
internal static class RunEndpoints
{
    public sealed record StepView(string? Service, string? Step, int? Progress, string Message, DateTimeOffset Time);

    public sealed record RunResponse(
        Guid Id,
        Guid DeploymentId,
        string Kind,
        string Status,
        string? RequestedBy,
        int? Revision,
        string? Error,
        DateTimeOffset CreatedAt,
        DateTimeOffset? StartedAt,
        DateTimeOffset? FinishedAt,
        IReadOnlyList<StepView>? Steps);

    public sealed record EventView(int Sequence, DateTimeOffset Time, string Level, string? Service, string? Step, string Message, int? Progress);

    public static RouteGroupBuilder MapRunEndpoints(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Runs");
        runs.MapGet("/", (DeploymentService s, CancellationToken ct, int limit = 50) => ListAsync(null, s, ct, limit)).WithSummary("Recent runs of every deployment, newest first.").RequiresPermission(Resource.Run, ActionClass.Read);
        runs.MapGet("/{id:guid}", GetAsync).WithSummary("A run: status, kind, timings, error and the last step of each service.").RequiresPermission(Resource.Run, ActionClass.Read);
        runs.MapGet("/{id:guid}/events", StreamAsync)
            .WithSummary("The run's events as server-sent events: stored ones first (after ?after=N or Last-Event-ID), then live ones until the run ends.").RequiresPermission(Resource.Run, ActionClass.Read);
        return api;
    }

    internal static async Task<IResult> ListAsync(Guid? deploymentId, DeploymentService service, CancellationToken cancellationToken, int limit) =>
        TypedResults.Ok((await service.RunsAsync(deploymentId, limit, cancellationToken)).Select(r => ToResponse(r, null)).ToList());

    private static async Task<IResult> GetAsync(Guid id, DeploymentService service, CancellationToken cancellationToken)
    {
        var run = await service.GetRunAsync(id, cancellationToken);
        if (!run.Succeeded)
        {
            return OperationProblems.Of(run.Error!);
        }

        var events = await service.RunEventsAsync(id, 0, cancellationToken);
        var steps = events
            .Where(e => e.Service is not null)
            .GroupBy(e => e.Service)
            .Select(g => g.Last())
            .Select(e => new StepView(e.Service, e.Step, e.Progress, e.Message, e.Time))
            .ToList();
        return TypedResults.Ok(ToResponse(run.Value!, steps));
    }

    private static async Task StreamAsync(Guid id, HttpContext http, DeploymentService service, DeploymentBus bus, CancellationToken cancellationToken, int? after = null)
    {
        var run = await service.GetRunAsync(id, cancellationToken);
        if (!run.Succeeded)
        {
            await OperationProblems.Of(run.Error!).ExecuteAsync(http);
            return;
        }

        var last = after ?? (int.TryParse(http.Request.Headers["Last-Event-ID"], out var resumed) ? resumed : 0);
        // Subscribe before reading what is stored, so nothing falls between the two; duplicates are dropped by sequence.
        var live = Channel.CreateBounded<DeploymentNotification>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        using var subscription = bus.Subscribe(n =>
        {
            if (n.RunId == id && n.Kind is DeploymentNotificationKind.RunEvent or DeploymentNotificationKind.RunChanged)
            {
                live.Writer.TryWrite(n);
            }
        });

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        foreach (var stored in await service.RunEventsAsync(id, last, cancellationToken))
        {
            await WriteEventAsync(http, stored, cancellationToken);
            last = stored.Sequence;
        }

        // Re-read the run: it may have finished while the stored events were sent.
        var current = (await service.GetRunAsync(id, cancellationToken)).Value ?? run.Value!;
        while (!current.IsFinished)
        {
            var notification = await live.Reader.ReadAsync(cancellationToken);
            if (notification is { Kind: DeploymentNotificationKind.RunChanged, Run: { } changed })
            {
                current = changed;
            }
            else if (notification.Event is { } item && (item.Sequence == 0 || item.Sequence > last))
            {
                if (item.Sequence > last + 1)
                {
                    last = await FillGapAsync(http, service, id, last, item.Sequence, cancellationToken);
                }

                await WriteEventAsync(http, item, cancellationToken);
                last = Math.Max(last, item.Sequence);
            }
        }

        // Events written just before the end may only be in the database by now.
        foreach (var stored in await service.RunEventsAsync(id, last, cancellationToken))
        {
            await WriteEventAsync(http, stored, cancellationToken);
        }

        await http.Response.WriteAsync($"event: end\ndata: {JsonSerializer.Serialize(ToResponse(current, null), JsonSerializerOptions.Web)}\n\n", cancellationToken);
    }

    // Events published before this stream subscribed reach the database in the reporter's next batch
    // (every 250 ms): wait for them briefly so the stream has no hole.
    private static async Task<int> FillGapAsync(HttpContext http, DeploymentService service, Guid runId, int last, int next, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20 && last < next - 1; attempt++)
        {
            foreach (var stored in (await service.RunEventsAsync(runId, last, cancellationToken)).Where(e => e.Sequence < next))
            {
                await WriteEventAsync(http, stored, cancellationToken);
                last = stored.Sequence;
            }

            if (last < next - 1)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        return last;
    }

    private static async Task WriteEventAsync(HttpContext http, RunEvent item, CancellationToken cancellationToken)
    {
        var view = new EventView(item.Sequence, item.Time, item.Level.ToString().ToLowerInvariant(), item.Service, item.Step, item.Message, item.Progress);
        // Progress ticks (sequence 0) are live only: no id, so a reconnect does not ask for them.
        var header = item.Sequence > 0 ? $"id: {item.Sequence}\nevent: event\n" : "event: progress\n";
        await http.Response.WriteAsync($"{header}data: {JsonSerializer.Serialize(view, JsonSerializerOptions.Web)}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static RunResponse ToResponse(Run run, IReadOnlyList<StepView>? steps) => new(
        run.Id,
        run.DeploymentId,
        run.Kind.ToString().ToLowerInvariant(),
        run.Status.ToString().ToLowerInvariant(),
        run.RequestedBy,
        run.Revision,
        run.Error,
        run.CreatedAt,
        run.StartedAt,
        run.FinishedAt,
        steps);
}
