using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

// Stats, images, volumes and networks. PLACEHOLDER: being implemented (issue #3); must not land as is.
public sealed partial class DockerEngineClient
{
    /// <inheritdoc />
    public Task<ContainerStats> GetContainerStatsAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public IAsyncEnumerable<ContainerStats> StreamContainerStatsAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public IAsyncEnumerable<PullProgress> PullImageAsync(string image, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RemoveImageAsync(string id, bool force, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<PruneResult> PruneImagesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<VolumeSummary> CreateVolumeAsync(VolumeCreate request, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task RemoveVolumeAsync(string name, bool force, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<PruneResult> PruneVolumesAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<NetworkDetails> InspectNetworkAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<NetworkSummary> CreateNetworkAsync(NetworkCreate request, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task RemoveNetworkAsync(string id, CancellationToken cancellationToken) => throw new NotImplementedException();
}
