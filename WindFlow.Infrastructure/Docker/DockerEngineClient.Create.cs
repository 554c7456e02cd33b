using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

// Container creation and the calls the deploy engine needs (issue #4). Being implemented.
public sealed partial class DockerEngineClient
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ContainerSummary>> ListContainersByLabelAsync(string label, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not implemented yet (issue #4).");

    /// <inheritdoc />
    public Task<string> CreateContainerAsync(ContainerCreateSpec spec, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not implemented yet (issue #4).");

    /// <inheritdoc />
    public Task<int> WaitContainerAsync(string id, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not implemented yet (issue #4).");

    /// <inheritdoc />
    public Task<ImageDetails?> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not implemented yet (issue #4).");
}
