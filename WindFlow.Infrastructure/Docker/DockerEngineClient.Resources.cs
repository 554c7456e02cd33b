using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

// Stats, images, volumes and networks.
public sealed partial class DockerEngineClient
{
    // API 1.42 changed /volumes/prune to spare named volumes unless asked for all of them.
    private static readonly Version VolumePruneAllFilterSince = new(1, 42);

    /// <inheritdoc />
    public async Task<ContainerStats> GetContainerStatsAsync(string id, CancellationToken cancellationToken)
    {
        // Without one-shot the engine waits for a second reading and fills precpu_stats, which CPU % needs.
        var dto = await _connection.GetJsonAsync($"containers/{Escape(id)}/stats?stream=false", DockerJsonContext.Default.DockerStatsDto, cancellationToken);
        return DockerMapping.ToStats(dto, TimeProvider.System.GetUtcNow());
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ContainerStats> StreamContainerStatsAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(HttpMethod.Get, $"containers/{Escape(id)}/stats?stream=true", streaming: true, cancellationToken);
        await foreach (var dto in ReadJsonLinesAsync(response, DockerJsonContext.Default.DockerStatsDto, "stats sample", cancellationToken))
        {
            // The engine does not end the stream when the container stops: it sends empty samples instead.
            if (!DockerMapping.IsLiveSample(dto))
            {
                yield break;
            }

            yield return DockerMapping.ToStats(dto, TimeProvider.System.GetUtcNow());
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken)
    {
        var images = await _connection.GetJsonAsync("images/json", DockerJsonContext.Default.ListDockerImageDto, cancellationToken);
        return images.Select(DockerMapping.ToImage).ToList();
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PullProgress> PullImageAsync(string image, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (name, tag) = DockerImageReference.Split(image);
        // A missing image or tag is usually answered 404 before the stream starts; failures met later arrive as error lines.
        using var response = await _connection.SendAsync(
            HttpMethod.Post, $"images/create?fromImage={Escape(name)}&tag={Escape(tag)}", streaming: true, cancellationToken);
        await foreach (var dto in ReadJsonLinesAsync(response, DockerJsonContext.Default.DockerPullMessageDto, "pull progress message", cancellationToken))
        {
            var error = dto.ErrorDetail?.Message is { Length: > 0 } detail ? detail : dto.Error;
            if (!string.IsNullOrEmpty(error))
            {
                throw new EngineException(DockerMapping.PullErrorKind(error), error.Trim());
            }

            yield return DockerMapping.ToPullProgress(dto);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> RemoveImageAsync(string id, bool force, CancellationToken cancellationToken)
    {
        var removed = await _connection.SendForJsonAsync(
            HttpMethod.Delete, $"images/{Escape(id)}?force={(force ? "1" : "0")}", DockerJsonContext.Default.ListDockerImageDeleteDto, cancellationToken);
        return removed.SelectMany(DockerMapping.ToRemovals).ToList();
    }

    /// <inheritdoc />
    public async Task<PruneResult> PruneImagesAsync(CancellationToken cancellationToken)
    {
        var result = await _connection.SendForJsonAsync(
            HttpMethod.Post, "images/prune?filters=" + Escape("""{"dangling":["true"]}"""), DockerJsonContext.Default.DockerImagePruneDto, cancellationToken);
        var deleted = (result.ImagesDeleted ?? []).Select(d => d.Deleted).OfType<string>().Where(d => d.Length > 0).ToList();
        return new PruneResult(deleted, result.SpaceReclaimed);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(CancellationToken cancellationToken)
    {
        var list = await _connection.GetJsonAsync("volumes", DockerJsonContext.Default.DockerVolumeListDto, cancellationToken);
        return (list.Volumes ?? []).Select(DockerMapping.ToVolume).ToList();
    }

    /// <inheritdoc />
    public async Task<VolumeSummary> CreateVolumeAsync(VolumeCreate request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new DockerVolumeCreateDto(
            request.Name,
            string.IsNullOrEmpty(request.Driver) ? "local" : request.Driver,
            request.Labels?.ToDictionary(),
            request.DriverOptions?.ToDictionary());
        var created = await _connection.SendJsonAsync(
            HttpMethod.Post, "volumes/create", body, DockerJsonContext.Default.DockerVolumeCreateDto, DockerJsonContext.Default.DockerVolumeDto, cancellationToken);
        return DockerMapping.ToVolume(created);
    }

    /// <inheritdoc />
    public Task RemoveVolumeAsync(string name, bool force, CancellationToken cancellationToken) =>
        _connection.SendCommandAsync(HttpMethod.Delete, $"volumes/{Escape(name)}?force={(force ? "1" : "0")}", cancellationToken);

    /// <inheritdoc />
    public async Task<PruneResult> PruneVolumesAsync(CancellationToken cancellationToken)
    {
        var version = await _connection.NegotiateAsync(cancellationToken);
        var result = await _connection.SendForJsonAsync(
            HttpMethod.Post, VolumePrunePath(version), DockerJsonContext.Default.DockerVolumePruneDto, cancellationToken);
        return new PruneResult(result.VolumesDeleted ?? [], result.SpaceReclaimed);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        var networks = await _connection.GetJsonAsync("networks", DockerJsonContext.Default.ListDockerNetworkDto, cancellationToken);
        return networks.Select(DockerMapping.ToNetwork).ToList();
    }

    /// <inheritdoc />
    public async Task<NetworkDetails> InspectNetworkAsync(string id, CancellationToken cancellationToken)
    {
        var dto = await _connection.GetJsonAsync($"networks/{Escape(id)}", DockerJsonContext.Default.DockerNetworkDto, cancellationToken);
        return DockerMapping.ToNetworkDetails(dto);
    }

    /// <inheritdoc />
    public async Task<NetworkSummary> CreateNetworkAsync(NetworkCreate request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new DockerNetworkCreateDto(
            request.Name,
            string.IsNullOrEmpty(request.Driver) ? "bridge" : request.Driver,
            request.Internal,
            request.Attachable,
            request.Labels?.ToDictionary(),
            string.IsNullOrEmpty(request.Subnet) ? null : new DockerIpamDto([new DockerIpamConfigDto(request.Subnet)]),
            // Engines before 1.44 otherwise accept a second network with the same name.
            CheckDuplicate: true);
        var created = await _connection.SendJsonAsync(
            HttpMethod.Post, "networks/create", body, DockerJsonContext.Default.DockerNetworkCreateDto, DockerJsonContext.Default.DockerNetworkCreatedDto, cancellationToken);
        // The create answer holds only the id; the caller wants what the engine actually made (chosen subnet, scope...).
        return (await InspectNetworkAsync(created.Id, cancellationToken)).Network;
    }

    /// <inheritdoc />
    public async Task RemoveNetworkAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.SendCommandAsync(HttpMethod.Delete, $"networks/{Escape(id)}", cancellationToken);
        }
        catch (EngineException ex) when (ex.StatusCode == (int)HttpStatusCode.Forbidden)
        {
            // The engine answers 403 for "has active endpoints" and for predefined networks: a state
            // that forbids the removal, not a permission problem.
            throw new EngineException(EngineErrorKind.Conflict, ex.Message, ex.StatusCode, ex);
        }
    }

    /// <summary>The prune path for <paramref name="apiVersion"/>: every unused volume, named or anonymous, on any engine.</summary>
    internal static string VolumePrunePath(Version apiVersion) => apiVersion >= VolumePruneAllFilterSince
        ? "volumes/prune?filters=" + Escape("""{"all":["true"]}""")
        : "volumes/prune";

    // Streaming answers (stats, pull progress) are one JSON object per line.
    private async IAsyncEnumerable<T> ReadJsonLinesAsync<T>(
        HttpResponseMessage response, JsonTypeInfo<T> type, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            T? item;
            try
            {
                item = JsonSerializer.Deserialize(line, type);
            }
            catch (JsonException ex)
            {
                throw new EngineException(EngineErrorKind.Api, $"The Docker daemon at {Endpoint} sent an unreadable {what}: {ex.Message}", innerException: ex);
            }

            if (item is not null)
            {
                yield return item;
            }
        }
    }
}
