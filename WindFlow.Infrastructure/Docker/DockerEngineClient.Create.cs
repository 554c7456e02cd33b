using System.Net;
using System.Text.Json;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

// Container creation and the calls the deploy engine needs (issue #4).
public sealed partial class DockerEngineClient
{
    // The API ignores fields newer than the version spoken, so a start interval would silently vanish on older engines.
    private static readonly Version StartIntervalSince = new(1, 44);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersByLabelAsync(string label, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        var filters = JsonSerializer.Serialize(
            new Dictionary<string, List<string>> { ["label"] = [label] }, DockerJsonContext.Default.DictionaryStringListString);
        var containers = await _connection.GetJsonAsync(
            "containers/json?all=1&filters=" + Escape(filters), DockerJsonContext.Default.ListDockerContainerDto, cancellationToken);
        return containers.Select(DockerMapping.ToSummary).ToList();
    }

    /// <inheritdoc />
    public async Task<string> CreateContainerAsync(ContainerCreateSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Healthcheck?.StartInterval is not null)
        {
            var version = await _connection.NegotiateAsync(cancellationToken);
            if (version < StartIntervalSince)
            {
                throw new EngineException(
                    EngineErrorKind.Api,
                    $"Container '{spec.Name}': a health check start interval needs Docker Engine API {StartIntervalSince.ToString(2)} (Docker 25) or newer, "
                    + $"but the engine at {Endpoint} speaks {version.ToString(2)}.");
            }
        }

        var body = DockerMapping.ToCreateBody(spec);
        DockerContainerCreatedDto created;
        try
        {
            created = await _connection.SendJsonAsync(
                HttpMethod.Post,
                "containers/create?name=" + Escape(spec.Name),
                body,
                DockerJsonContext.Default.DockerContainerCreateDto,
                DockerJsonContext.Default.DockerContainerCreatedDto,
                cancellationToken);
        }
        catch (EngineException ex)
        {
            throw CreateError(spec, ex);
        }

        try
        {
            foreach (var network in spec.Networks.Skip(1))
            {
                await ConnectNetworkAsync(created.Id, spec.Name, network, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            await RemoveHalfCreatedAsync(created.Id, spec.Name, ex);
            throw;
        }

        return created.Id;
    }

    /// <inheritdoc />
    public async Task<int> WaitContainerAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        // Streaming: the engine sends the headers at once and the body only when the container stops,
        // which may be hours away, so the ceiling of ordinary requests must not apply; the token ends it.
        using var response = await _connection.SendAsync(
            HttpMethod.Post, $"containers/{Escape(id)}/wait?condition=not-running", streaming: true, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        DockerWaitDto? result;
        try
        {
            result = await JsonSerializer.DeserializeAsync(stream, DockerJsonContext.Default.DockerWaitDto, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new EngineException(EngineErrorKind.Api, $"The Docker daemon at {Endpoint} sent an unreadable wait result for container '{id}': {ex.Message}", innerException: ex);
        }

        if (result is null)
        {
            throw new EngineException(EngineErrorKind.Api, $"The Docker daemon at {Endpoint} ended the wait for container '{id}' without a result.");
        }

        if (result.Error?.Message is { Length: > 0 } error)
        {
            throw new EngineException(EngineErrorKind.Api, $"Waiting for container '{id}' failed: {error}");
        }

        return result.StatusCode;
    }

    /// <inheritdoc />
    public async Task<ImageDetails?> InspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        try
        {
            var dto = await _connection.GetJsonAsync($"images/{Escape(reference)}/json", DockerJsonContext.Default.DockerImageInspectDto, cancellationToken);
            return DockerMapping.ToImageDetails(dto);
        }
        catch (EngineException ex) when (ex.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private EngineException CreateError(ContainerCreateSpec spec, EngineException ex)
    {
        var message = ex.StatusCode switch
        {
            // A 404 may also mean a missing network; only the message tells the image apart.
            (int)HttpStatusCode.NotFound when ex.Message.Contains("No such image", StringComparison.OrdinalIgnoreCase) =>
                $"Image '{spec.Image}' is not on the engine at {Endpoint}: it must be pulled before container '{spec.Name}' can be created ({ex.Message}).",
            (int)HttpStatusCode.Conflict =>
                $"A container named '{spec.Name}' already exists on the engine at {Endpoint} ({ex.Message}).",
            _ => $"Creating container '{spec.Name}' failed: {ex.Message}",
        };
        return new EngineException(ex.Kind, message, ex.StatusCode, ex);
    }

    private async Task ConnectNetworkAsync(string id, string name, NetworkAttachmentSpec network, CancellationToken cancellationToken)
    {
        try
        {
            // The engine records a connection to a missing network on a container that is not running
            // and only fails at start; asking first keeps the failure where the cause is.
            await _connection.GetJsonAsync($"networks/{Escape(network.Name)}", DockerJsonContext.Default.DockerNetworkDto, cancellationToken);
            await _connection.SendJsonCommandAsync(
                HttpMethod.Post,
                $"networks/{Escape(network.Name)}/connect",
                new DockerNetworkConnectDto(id, DockerMapping.ToEndpoint(network)),
                DockerJsonContext.Default.DockerNetworkConnectDto,
                cancellationToken);
        }
        catch (EngineException ex)
        {
            throw new EngineException(ex.Kind, $"Attaching container '{name}' to network '{network.Name}' failed: {ex.Message}", ex.StatusCode, ex);
        }
    }

    // A failed create must leave nothing behind, whatever interrupted it (error or cancellation).
    private async Task RemoveHalfCreatedAsync(string id, string name, Exception cause)
    {
        try
        {
            await _connection.SendCommandAsync(HttpMethod.Delete, $"containers/{Escape(id)}?force=1&v=1", CancellationToken.None);
        }
        catch (EngineException cleanup)
        {
            var kind = cause is EngineException engine ? engine.Kind : EngineErrorKind.Api;
            throw new EngineException(
                kind,
                $"{cause.Message} Removing the half-created container '{name}' ({id}) failed too, so it is left on the engine: {cleanup.Message}",
                (cause as EngineException)?.StatusCode,
                new AggregateException(cause, cleanup));
        }
    }
}
