using WindFlow.Core.Auditing;
using WindFlow.Core.Organizations;

namespace WindFlow.Core.Targets;

/// <summary>An image and how many containers (running or not) were created from it.</summary>
public sealed record ImageRow(ImageSummary Image, int Containers)
{
    /// <summary>True when at least one container uses the image.</summary>
    public bool InUse => Containers > 0;
}

/// <summary>Images, volumes and networks of a target's engine; the API and the UI both go through it.</summary>
public sealed class EngineResourceService(TargetEngines engines, AuditTrail audit)
{
    /// <summary>Longest image reference accepted, as the registry specification allows.</summary>
    public const int MaxImageReferenceLength = 512;

    /// <summary>The images with the number of containers using each, newest first.</summary>
    public Task<TargetResult<IReadOnlyList<ImageRow>>> ListImagesAsync(Guid targetId, CancellationToken cancellationToken) =>
        engines.RunAsync<IReadOnlyList<ImageRow>>(targetId, ActionClass.Read,
            async (engine, ct) =>
            {
                var images = engine.ListImagesAsync(ct);
                var containers = engine.ListContainersAsync(all: true, ct);
                var usage = (await containers).GroupBy(c => c.ImageId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                return (await images)
                    .Select(i => new ImageRow(i, usage.GetValueOrDefault(i.Id)))
                    .OrderByDescending(r => r.Image.Created)
                    .ToList();
            },
            cancellationToken);

    /// <summary>
    /// Checks the reference, then hands back the pull's progress stream; the pull starts when the
    /// stream is enumerated and stops when its enumeration is cancelled.
    /// </summary>
    public async Task<TargetResult<IAsyncEnumerable<PullProgress>>> OpenPullAsync(
        Guid targetId, string? image, CancellationToken cancellationToken)
    {
        // Refused callers learn nothing about their input.
        await engines.DemandAsync(targetId, ActionClass.Operate, cancellationToken);
        var reference = image?.Trim();
        if (string.IsNullOrEmpty(reference))
        {
            return new TargetError(TargetErrorKind.Invalid, "Give the image to pull, for example nginx:1.27 or registry.example.com/team/app:2.1.", "image");
        }

        if (reference.Length > MaxImageReferenceLength || reference.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return new TargetError(TargetErrorKind.Invalid, $"'{reference}' is not an image reference: no spaces, at most {MaxImageReferenceLength} characters.", "image");
        }

        var resolved = await engines.ResolveAsync(targetId, ActionClass.Operate, cancellationToken);
        // Recorded when the pull is handed out: its progress belongs to the caller's stream.
        return await audit.RecordedAsync("image.pulled", "image", $"{targetId}/{reference}", resolved.Succeeded
            ? TargetResult<IAsyncEnumerable<PullProgress>>.Ok(resolved.Value!.Engine.PullImageAsync(reference, CancellationToken.None))
            : resolved.Error!);
    }

    /// <summary>Removes an image; the engine refuses one in use unless <paramref name="force"/>.</summary>
    public Task<TargetResult<IReadOnlyList<string>>> RemoveImageAsync(Guid targetId, string imageId, bool force, CancellationToken cancellationToken) =>
        audit.RecordedAsync("image.removed", "image", $"{targetId}/{imageId}", engines.RunAsync(targetId, ActionClass.Manage, (engine, ct) => engine.RemoveImageAsync(imageId, force, ct), cancellationToken));

    /// <summary>Removes dangling images.</summary>
    public Task<TargetResult<PruneResult>> PruneImagesAsync(Guid targetId, CancellationToken cancellationToken) =>
        audit.RecordedAsync("image.pruned", "image", targetId.ToString(), engines.RunAsync(targetId, ActionClass.Manage, (engine, ct) => engine.PruneImagesAsync(ct), cancellationToken));

    /// <summary>The volumes, by name.</summary>
    public Task<TargetResult<IReadOnlyList<VolumeSummary>>> ListVolumesAsync(Guid targetId, CancellationToken cancellationToken) =>
        engines.RunAsync<IReadOnlyList<VolumeSummary>>(targetId, ActionClass.Read,
            async (engine, ct) => (await engine.ListVolumesAsync(ct)).OrderBy(v => v.Name, StringComparer.Ordinal).ToList(),
            cancellationToken);

    /// <summary>Creates a volume.</summary>
    public async Task<TargetResult<VolumeSummary>> CreateVolumeAsync(Guid targetId, VolumeCreate request, CancellationToken cancellationToken) =>
        await engines.DemandAsync(targetId, ActionClass.Manage, cancellationToken) && ValidateObjectName(request.Name, "volume") is { } invalid
            ? invalid
            : await audit.RecordedAsync("volume.created", "volume", $"{targetId}/{request.Name}", engines.RunAsync(targetId, ActionClass.Manage, (engine, ct) => engine.CreateVolumeAsync(request with { Name = request.Name.Trim() }, ct), cancellationToken));

    /// <summary>Removes a volume; the engine refuses one in use unless <paramref name="force"/>.</summary>
    public Task<TargetResult<string>> RemoveVolumeAsync(Guid targetId, string name, bool force, CancellationToken cancellationToken) =>
        audit.RecordedAsync("volume.removed", "volume", $"{targetId}/{name}", engines.RunAsync(
            targetId,
            ActionClass.Manage,
            async (engine, ct) =>
            {
                await engine.RemoveVolumeAsync(name, force, ct);
                return name;
            },
            cancellationToken));

    /// <summary>Removes every volume no container uses.</summary>
    public Task<TargetResult<PruneResult>> PruneVolumesAsync(Guid targetId, CancellationToken cancellationToken) =>
        audit.RecordedAsync("volume.pruned", "volume", targetId.ToString(), engines.RunAsync(targetId, ActionClass.Manage, (engine, ct) => engine.PruneVolumesAsync(ct), cancellationToken));

    /// <summary>The networks, by name.</summary>
    public Task<TargetResult<IReadOnlyList<NetworkSummary>>> ListNetworksAsync(Guid targetId, CancellationToken cancellationToken) =>
        engines.RunAsync<IReadOnlyList<NetworkSummary>>(targetId, ActionClass.Read,
            async (engine, ct) => (await engine.ListNetworksAsync(ct)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList(),
            cancellationToken);

    /// <summary>One network with its attached containers.</summary>
    public Task<TargetResult<NetworkDetails>> InspectNetworkAsync(Guid targetId, string networkId, CancellationToken cancellationToken) =>
        engines.RunAsync(targetId, ActionClass.Read, (engine, ct) => engine.InspectNetworkAsync(networkId, ct), cancellationToken);

    /// <summary>Creates a network.</summary>
    public async Task<TargetResult<NetworkSummary>> CreateNetworkAsync(Guid targetId, NetworkCreate request, CancellationToken cancellationToken) =>
        await engines.DemandAsync(targetId, ActionClass.Manage, cancellationToken) && (ValidateObjectName(request.Name, "network") ?? ValidateSubnet(request.Subnet)) is { } invalid
            ? invalid
            : await audit.RecordedAsync("network.created", "network", $"{targetId}/{request.Name}", engines.RunAsync(targetId, ActionClass.Manage, (engine, ct) => engine.CreateNetworkAsync(request with { Name = request.Name.Trim() }, ct), cancellationToken));

    /// <summary>Removes a network; the engine refuses while containers are attached.</summary>
    public Task<TargetResult<string>> RemoveNetworkAsync(Guid targetId, string networkId, CancellationToken cancellationToken) =>
        audit.RecordedAsync("network.removed", "network", $"{targetId}/{networkId}", engines.RunAsync(
            targetId,
            ActionClass.Manage,
            async (engine, ct) =>
            {
                await engine.RemoveNetworkAsync(networkId, ct);
                return networkId;
            },
            cancellationToken));

    // Docker's own rule for volume and network names, checked here so the user gets the reason
    // before a round trip, in the same words for both.
    private static TargetError? ValidateObjectName(string? name, string what)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return new TargetError(TargetErrorKind.Invalid, $"Give the {what} a name.", "name");
        }

        var valid = trimmed.Length <= 128 && char.IsAsciiLetterOrDigit(trimmed[0])
            && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
        return valid
            ? null
            : new TargetError(
                TargetErrorKind.Invalid,
                $"'{trimmed}' is not a valid {what} name: start with a letter or digit, then letters, digits, '_', '.' or '-' (at most 128).",
                "name");
    }

    private static TargetError? ValidateSubnet(string? subnet)
    {
        if (string.IsNullOrWhiteSpace(subnet))
        {
            return null;
        }

        return System.Net.IPNetwork.TryParse(subnet.Trim(), out _)
            ? null
            : new TargetError(TargetErrorKind.Invalid, $"'{subnet}' is not a subnet in CIDR form, for example 172.30.0.0/24.", "subnet");
    }
}
