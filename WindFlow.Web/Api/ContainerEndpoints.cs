using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;

namespace WindFlow.Web.Api;

/// <summary>Containers of one target (<c>/api/v1/targets/{id}/containers</c>) and of all of them (<c>/api/v1/containers</c>).</summary>
internal static class ContainerEndpoints
{
    public sealed record ContainerRow(
        Guid TargetId,
        string TargetName,
        string Id,
        string Name,
        string Image,
        string State,
        string Status,
        string? Health,
        string? Project,
        IReadOnlyList<ContainerPort> Ports,
        DateTimeOffset Created,
        IReadOnlyDictionary<string, string> Labels);

    public sealed record AllContainersResponse(IReadOnlyList<ContainerRow> Containers, IReadOnlyList<TargetFailure> Failures);

    public static RouteGroupBuilder MapContainerEndpoints(this RouteGroupBuilder api)
    {
        // Any signed-in user for now; organisation roles (issue #5) will narrow this in the services.
        api.MapGet("/containers", ListAllAsync).WithTags("Containers")
            .WithSummary("Every container of every target; targets that did not answer are listed under failures.").RequiresPermission(Resource.Container, ActionClass.Read);

        var containers = api.MapGroup("/targets/{id:guid}/containers").WithTags("Containers");
        containers.MapGet("/", ListAsync).Produces<IReadOnlyList<ContainerSummary>>().WithSummary("Containers on the target's engine; all=true includes stopped ones.").RequiresPermission(Resource.Container, ActionClass.Read);
        containers.MapGet("/{containerId}", InspectAsync).Produces<ContainerDetails>()
            .WithSummary("Configuration and state; environment values with secret-looking names are masked.").RequiresPermission(Resource.Container, ActionClass.Read);
        containers.MapPost("/{containerId}/{action}", ActAsync).Produces(StatusCodes.Status204NoContent)
            .WithSummary("start, stop, restart, kill, pause or unpause.").RequiresPermission(Resource.Container, ActionClass.Operate);
        containers.MapDelete("/{containerId}", RemoveAsync).Produces(StatusCodes.Status204NoContent)
            .WithSummary("Remove; force=true kills a running container first, volumes=true removes its anonymous volumes.").RequiresPermission(Resource.Container, ActionClass.Manage);
        containers.MapGet("/{containerId}/logs", LogsAsync).Produces<string>(contentType: "text/plain")
            .WithSummary("The log as text/plain; follow=true keeps streaming until the client disconnects.").RequiresPermission(Resource.Container, ActionClass.Read);
        containers.MapGet("/{containerId}/stats", StatsAsync).Produces<ContainerStats>()
            .WithSummary("One CPU, memory, network and block IO sample; stream=true sends one JSON line a second (application/x-ndjson).").RequiresPermission(Resource.Container, ActionClass.Read);
        return api;
    }

    private static async Task<IResult> ListAllAsync(ContainerService service, CancellationToken cancellationToken)
    {
        var all = await service.ListAllAsync(cancellationToken);
        return TypedResults.Ok(new AllContainersResponse(
            all.Containers.Select(c => new ContainerRow(
                c.TargetId, c.TargetName, c.Container.Id, c.Container.Name, c.Container.Image, c.Container.State, c.Container.Status,
                c.Container.Health, c.Container.Project, c.Container.Ports, c.Container.Created, c.Container.Labels)).ToList(),
            all.Failures));
    }

    private static async Task<IResult> ListAsync(Guid id, bool? all, ContainerService service, CancellationToken cancellationToken) =>
        TargetProblems.OkOr(await service.ListAsync(id, all ?? false, cancellationToken));

    private static async Task<IResult> InspectAsync(Guid id, string containerId, ContainerService service, CancellationToken cancellationToken) =>
        TargetProblems.OkOr(await service.InspectAsync(id, containerId, cancellationToken));

    private static async Task<IResult> ActAsync(Guid id, string containerId, string action, ContainerService service, CancellationToken cancellationToken)
    {
        // Enum.TryParse also accepts numbers ("3"); only the names are part of the API.
        if (!Enum.TryParse<ContainerAction>(action, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsAsciiDigit(action[0]))
        {
            return TargetProblems.Validation(new TargetError(
                TargetErrorKind.Invalid, $"'{action}' is not a container action: use start, stop, restart, kill, pause or unpause.", "action"));
        }

        return TargetProblems.NoContentOr(await service.ActAsync(id, containerId, parsed, cancellationToken));
    }

    private static async Task<IResult> RemoveAsync(
        Guid id, string containerId, bool? force, bool? volumes, ContainerService service, CancellationToken cancellationToken) =>
        TargetProblems.NoContentOr(await service.RemoveAsync(id, containerId, force ?? false, volumes ?? false, cancellationToken));

    private static async Task<IResult> LogsAsync(
        Guid id, string containerId, int? tail, string? since, bool? timestamps, bool? follow,
        ContainerService service, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (tail is < 0)
        {
            return TargetProblems.Validation(new TargetError(TargetErrorKind.Invalid, "tail must be 0 or more lines.", "tail"));
        }

        DateTimeOffset? sinceTime = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!LogSince.TryParse(since, clock.GetUtcNow(), out var parsed))
            {
                return TargetProblems.Validation(new TargetError(
                    TargetErrorKind.Invalid, $"since '{since}' is neither a time (2026-11-22T08:00:00Z) nor a duration (30s, 15m, 2h).", "since"));
            }

            sinceTime = parsed;
        }

        var options = new ContainerLogOptions(follow ?? false, tail, sinceTime, timestamps ?? false);
        var opened = await service.OpenLogsAsync(id, containerId, options, cancellationToken);
        if (!opened.Succeeded)
        {
            return TargetProblems.Of(opened.Error!);
        }

        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        // Proxies must pass lines on as they come, not when their buffer fills.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.StartAsync(cancellationToken);
        var body = http.Response.BodyWriter;
        try
        {
            await foreach (var batch in opened.Value!.BatchAsync(capacity: 4096, maxBatch: 1024, cancellationToken))
            {
                var text = new StringBuilder();
                foreach (var line in batch)
                {
                    if (options.Timestamps && line.Timestamp is { } at)
                    {
                        text.Append(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)).Append(' ');
                    }

                    text.Append(line.Text).Append('\n');
                }

                await body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
            }
        }
        catch (EngineException ex)
        {
            // Headers are gone: the reason goes at the end of the text, where a reader of the log looks.
            await body.WriteAsync(Encoding.UTF8.GetBytes($"\n[windflow] log stream ended: {ex.Message}\n"), CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return TypedResults.Empty;
    }

    private static async Task<IResult> StatsAsync(
        Guid id, string containerId, bool? stream, ContainerService service, HttpContext http,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (stream != true)
        {
            return TargetProblems.OkOr(await service.GetStatsAsync(id, containerId, cancellationToken));
        }

        var opened = await service.OpenStatsAsync(id, containerId, cancellationToken);
        if (!opened.Succeeded)
        {
            return TargetProblems.Of(opened.Error!);
        }

        return await NdJson.StreamAsync(http, opened.Value!, json.Value.SerializerOptions, cancellationToken) ?? TypedResults.Empty;
    }
}

/// <summary>Streams items as JSON lines (<c>application/x-ndjson</c>), flushing whenever the source pauses.</summary>
internal static class NdJson
{
    /// <summary>
    /// Waits for the first items before answering, so a failure the engine reports at once (no such
    /// image) is a proper problem answer; later failures become the last line. Null when streamed.
    /// </summary>
    public static async Task<IResult?> StreamAsync<T>(HttpContext http, IAsyncEnumerable<T> items, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        await using var batches = items.BatchAsync(capacity: 256, maxBatch: 256, cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool more;
        try
        {
            more = await batches.MoveNextAsync();
        }
        catch (EngineException ex)
        {
            return TargetProblems.Of(TargetEngines.Failed(ex));
        }

        http.Response.ContentType = "application/x-ndjson";
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.StartAsync(cancellationToken);
        var body = http.Response.Body;
        try
        {
            while (more)
            {
                foreach (var item in batches.Current)
                {
                    await JsonSerializer.SerializeAsync(body, item, options, cancellationToken);
                    await body.WriteAsync("\n"u8.ToArray(), cancellationToken);
                }

                await body.FlushAsync(cancellationToken);
                more = await batches.MoveNextAsync();
            }
        }
        catch (EngineException ex)
        {
            // The status line is already sent, so the failure is the stream's last line.
            await JsonSerializer.SerializeAsync(body, new StreamError(ex.Message, ex.Kind.ToString()), options, CancellationToken.None);
            await body.WriteAsync("\n"u8.ToArray(), CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }

    public sealed record StreamError(string Error, string Kind);
}
