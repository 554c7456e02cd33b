using System.Runtime.CompilerServices;
using WindFlow.Core.Common;
using WindFlow.Core.Targets;

namespace WindFlow.Tests.TestSupport;

/// <summary>Keeps targets in a list and, like the EF store, hands out copies.</summary>
public sealed class InMemoryTargetStore : ITargetStore
{
    private readonly List<Target> _targets = [];

    public IReadOnlyList<Target> Targets => _targets.Select(Copy).ToList();

    public int StatusUpdates { get; private set; }

    public Task<IReadOnlyList<Target>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Target>>(_targets.OrderBy(t => t.Name, StringComparer.Ordinal).Select(Copy).ToList());

    public Task<Target?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_targets.SingleOrDefault(t => t.Id == id) is { } t ? Copy(t) : null);

    public Task<bool> NameExistsAsync(Guid organizationId, string name, Guid? exceptId, CancellationToken cancellationToken) =>
        Task.FromResult(_targets.Any(t => t.OrganizationId == organizationId && t.Name == name && t.Id != exceptId));

    public Task<bool> EndpointExistsAsync(string endpoint, CancellationToken cancellationToken) =>
        Task.FromResult(_targets.Any(t => t.Endpoint == endpoint));

    public Task<bool> AddAsync(Target target, CancellationToken cancellationToken)
    {
        if (_targets.Any(t => t.Name == target.Name))
        {
            return Task.FromResult(false);
        }

        _targets.Add(Copy(target));
        return Task.FromResult(true);
    }

    public Task<bool> UpdateAsync(Target target, CancellationToken cancellationToken)
    {
        var index = _targets.FindIndex(t => t.Id == target.Id);
        if (index < 0 || _targets.Any(t => t.Name == target.Name && t.Id != target.Id))
        {
            return Task.FromResult(false);
        }

        _targets[index] = Copy(target);
        return Task.FromResult(true);
    }

    public Task<bool> UpdateStatusAsync(Target target, CancellationToken cancellationToken)
    {
        var stored = _targets.SingleOrDefault(t => t.Id == target.Id);
        if (stored is null)
        {
            return Task.FromResult(false);
        }

        StatusUpdates++;
        (stored.Status, stored.StatusMessage, stored.LastSeenAt, stored.EngineVersion, stored.ApiVersion, stored.UpdatedAt) =
            (target.Status, target.StatusMessage, target.LastSeenAt, target.EngineVersion, target.ApiVersion, target.UpdatedAt);
        return Task.FromResult(true);
    }

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_targets.RemoveAll(t => t.Id == id) == 1);

    private static Target Copy(Target t) => new()
    {
        Id = t.Id,
        Name = t.Name,
        Endpoint = t.Endpoint,
        Labels = new Dictionary<string, string>(t.Labels),
        ProtectedCredentials = t.ProtectedCredentials,
        Status = t.Status,
        StatusMessage = t.StatusMessage,
        LastSeenAt = t.LastSeenAt,
        EngineVersion = t.EngineVersion,
        ApiVersion = t.ApiVersion,
        CreatedAt = t.CreatedAt,
        UpdatedAt = t.UpdatedAt,
    };
}

/// <summary>Reversible, purpose-bound "encryption" whose output never contains the plaintext.</summary>
public sealed class FakeSecretProtector : ISecretProtector
{
    public string Protect(string purpose, string plaintext) =>
        purpose + "|" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(new string(plaintext.Reverse().ToArray())));

    public string Unprotect(string purpose, string ciphertext)
    {
        if (!ciphertext.StartsWith(purpose + "|", StringComparison.Ordinal))
        {
            throw new SecretUnreadableException("Wrong purpose.");
        }

        return new string(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(ciphertext[(purpose.Length + 1)..])).Reverse().ToArray());
    }
}

/// <summary>Answers every endpoint with one scripted engine and records what it was asked for.</summary>
public sealed class FakeContainerEngineFactory : IContainerEngineFactory
{
    public FakeContainerEngine Engine { get; } = new();

    public List<(string Endpoint, EngineCredentials? Credentials)> Created { get; } = [];

    public IContainerEngine Create(string endpoint) => Create(endpoint, null);

    public IContainerEngine Create(string endpoint, EngineCredentials? credentials)
    {
        Created.Add((endpoint, credentials));
        return Engine;
    }
}

/// <summary>An engine that answers with <see cref="Info"/> and <see cref="Containers"/>, or throws <see cref="Failure"/>.</summary>
public sealed class FakeContainerEngine : IContainerEngine
{
    public static readonly EngineInfo SampleInfo = new("27.5.1", "1.47", "1.45", "Debian GNU/Linux 13", "linux", "x86_64", "6.1.0", 4, 8L << 30, 1, 3, "host");

    public EngineInfo Info { get; set; } = SampleInfo;

    public List<ContainerSummary> Containers { get; } = [];

    public Exception? Failure { get; set; }

    public string Endpoint => "fake://";

    public Task<EnginePing> PingAsync(CancellationToken cancellationToken) =>
        Failure is null ? Task.FromResult(new EnginePing(Info.ApiVersion, Info.OsType)) : Task.FromException<EnginePing>(Failure);

    public Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken) =>
        Failure is null ? Task.FromResult(Info) : Task.FromException<EngineInfo>(Failure);

    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, CancellationToken cancellationToken) =>
        Failure is null ? Task.FromResult<IReadOnlyList<ContainerSummary>>(Containers) : Task.FromException<IReadOnlyList<ContainerSummary>>(Failure);

    public Task<ContainerDetails> InspectContainerAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ContainerSummary>> ListContainersByLabelAsync(string label, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> CreateContainerAsync(ContainerCreateSpec spec, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> WaitContainerAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ImageDetails?> InspectImageAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StartContainerAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task StopContainerAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RestartContainerAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task KillContainerAsync(string id, string? signal, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PauseContainerAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task UnpauseContainerAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async IAsyncEnumerable<LogLine> StreamLogsAsync(string id, ContainerLogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    /// <summary>Scripts each successive event subscription; null ends the stream at once.</summary>
    public Func<int, CancellationToken, IAsyncEnumerable<EngineEvent>>? Events { get; set; }

    /// <summary>The <c>since</c> of each event subscription, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset?> EventSubscriptions { get; } = new();

    public async IAsyncEnumerable<EngineEvent> StreamEventsAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EventSubscriptions.Enqueue(since);
        if (Failure is not null)
        {
            throw Failure;
        }

        if (Events is null)
        {
            yield break;
        }

        await foreach (var item in Events(EventSubscriptions.Count, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }

    public Task<ContainerStats> GetContainerStatsAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<ContainerStats> StreamContainerStatsAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<PullProgress> PullImageAsync(string image, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> RemoveImageAsync(string id, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PruneResult> PruneImagesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<VolumeSummary> CreateVolumeAsync(VolumeCreate request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveVolumeAsync(string name, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<PruneResult> PruneVolumesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<NetworkDetails> InspectNetworkAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<NetworkSummary> CreateNetworkAsync(NetworkCreate request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveNetworkAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
}
