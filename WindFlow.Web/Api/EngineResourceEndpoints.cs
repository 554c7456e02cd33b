using Microsoft.Extensions.Options;
using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;

namespace WindFlow.Web.Api;

/// <summary>Images, volumes and networks of a target: <c>/api/v1/targets/{id}/images|volumes|networks</c>.</summary>
internal static class EngineResourceEndpoints
{
    public sealed record PullRequest(string? Image);

    public sealed record VolumeRequest(string? Name, string? Driver, Dictionary<string, string>? Labels, Dictionary<string, string>? DriverOptions);

    public sealed record NetworkRequest(string? Name, string? Driver, bool? Internal, bool? Attachable, string? Subnet, Dictionary<string, string>? Labels);

    public static RouteGroupBuilder MapEngineResourceEndpoints(this RouteGroupBuilder api)
    {
        var target = api.MapGroup("/targets/{id:guid}");

        var images = target.MapGroup("/images").WithTags("Images");
        images.MapGet("/", async (Guid id, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.OkOr(await service.ListImagesAsync(id, ct)))
            .Produces<IReadOnlyList<ImageRow>>().WithSummary("Images with their tags, size, creation time and how many containers use each.").RequiresPermission(Resource.Container, ActionClass.Read);
        images.MapPost("/pull", PullAsync).Produces<PullProgress>(contentType: "application/x-ndjson")
            .WithSummary("Pull an image; the answer streams the engine's per-layer progress as JSON lines, a failure as a last {error} line.").RequiresPermission(Resource.Container, ActionClass.Operate);
        images.MapDelete("/{imageId}", async (Guid id, string imageId, bool? force, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.OkOr(await service.RemoveImageAsync(id, imageId, force ?? false, ct)))
            .Produces<IReadOnlyList<string>>().WithSummary("Remove an image; force=true also when containers use it. Answers what was untagged and deleted.").RequiresPermission(Resource.Container, ActionClass.Manage);
        images.MapPost("/prune", async (Guid id, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.OkOr(await service.PruneImagesAsync(id, ct)))
            .Produces<PruneResult>().WithSummary("Remove dangling images.").RequiresPermission(Resource.Container, ActionClass.Manage);

        var volumes = target.MapGroup("/volumes").WithTags("Volumes");
        volumes.MapGet("/", async (Guid id, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.OkOr(await service.ListVolumesAsync(id, ct)))
            .Produces<IReadOnlyList<VolumeSummary>>().WithSummary("Volumes, by name.").RequiresPermission(Resource.Container, ActionClass.Read);
        volumes.MapPost("/", CreateVolumeAsync).Produces<VolumeSummary>(StatusCodes.Status201Created).WithSummary("Create a volume.").RequiresPermission(Resource.Container, ActionClass.Manage);
        volumes.MapDelete("/{name}", async (Guid id, string name, bool? force, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.NoContentOr(await service.RemoveVolumeAsync(id, name, force ?? false, ct)))
            .Produces(StatusCodes.Status204NoContent).WithSummary("Remove a volume; 409 while a container uses it.").RequiresPermission(Resource.Container, ActionClass.Manage);
        volumes.MapPost("/prune", async (Guid id, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.OkOr(await service.PruneVolumesAsync(id, ct)))
            .Produces<PruneResult>().WithSummary("Remove every volume no container uses.").RequiresPermission(Resource.Container, ActionClass.Manage);

        var networks = target.MapGroup("/networks").WithTags("Networks");
        networks.MapGet("/", async (Guid id, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.OkOr(await service.ListNetworksAsync(id, ct)))
            .Produces<IReadOnlyList<NetworkSummary>>().WithSummary("Networks, by name.").RequiresPermission(Resource.Container, ActionClass.Read);
        networks.MapGet("/{networkId}", async (Guid id, string networkId, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.OkOr(await service.InspectNetworkAsync(id, networkId, ct)))
            .Produces<NetworkDetails>().WithSummary("A network with its attached containers.").RequiresPermission(Resource.Container, ActionClass.Read);
        networks.MapPost("/", CreateNetworkAsync).Produces<NetworkSummary>(StatusCodes.Status201Created).WithSummary("Create a network.").RequiresPermission(Resource.Container, ActionClass.Manage);
        networks.MapDelete("/{networkId}", async (Guid id, string networkId, EngineResourceService service, CancellationToken ct) =>
            TargetProblems.NoContentOr(await service.RemoveNetworkAsync(id, networkId, ct)))
            .Produces(StatusCodes.Status204NoContent).WithSummary("Remove a network; 409 while containers are attached.").RequiresPermission(Resource.Container, ActionClass.Manage);
        return api;
    }

    private static async Task<IResult> PullAsync(
        Guid id, PullRequest? request, EngineResourceService service, HttpContext http,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var opened = await service.OpenPullAsync(id, request?.Image, cancellationToken);
        if (!opened.Succeeded)
        {
            return TargetProblems.Of(opened.Error!);
        }

        return await NdJson.StreamAsync(http, opened.Value!, json.Value.SerializerOptions, cancellationToken) ?? TypedResults.Empty;
    }

    private static async Task<IResult> CreateVolumeAsync(Guid id, VolumeRequest? request, EngineResourceService service, CancellationToken cancellationToken)
    {
        var result = await service.CreateVolumeAsync(
            id, new VolumeCreate(request?.Name ?? "", request?.Driver, request?.Labels, request?.DriverOptions), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/targets/{id}/volumes/{Uri.EscapeDataString(result.Value!.Name)}", result.Value)
            : TargetProblems.Of(result.Error!);
    }

    private static async Task<IResult> CreateNetworkAsync(Guid id, NetworkRequest? request, EngineResourceService service, CancellationToken cancellationToken)
    {
        var result = await service.CreateNetworkAsync(
            id,
            new NetworkCreate(request?.Name ?? "", request?.Driver, request?.Internal ?? false, request?.Attachable ?? false, request?.Subnet, request?.Labels),
            cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/targets/{id}/networks/{result.Value!.Id}", result.Value)
            : TargetProblems.Of(result.Error!);
    }
}
