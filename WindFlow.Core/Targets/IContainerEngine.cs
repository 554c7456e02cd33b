namespace WindFlow.Core.Targets;

/// <summary>
/// One container engine (a Docker host) as WindFlow drives it. Every failure is reported as an
/// <see cref="EngineException"/> whose <see cref="EngineException.Kind"/> says what went wrong.
/// </summary>
public interface IContainerEngine
{
    /// <summary>The endpoint this engine is reached at, for example <c>unix:///var/run/docker.sock</c>.</summary>
    string Endpoint { get; }

    /// <summary>Checks that the daemon answers and returns the API version it announces.</summary>
    Task<EnginePing> PingAsync(CancellationToken cancellationToken);

    /// <summary>Engine version, API versions, host facts and container counts.</summary>
    Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken);

    /// <summary>Lists containers: running ones only, or all of them when <paramref name="all"/> is true.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, CancellationToken cancellationToken);

    /// <summary>Returns the configuration and state of one container, by id or name.</summary>
    Task<ContainerDetails> InspectContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Lists every container (running or not) carrying the label <paramref name="label"/>
    /// (<c>key</c> or <c>key=value</c>), filtered by the engine.
    /// </summary>
    Task<IReadOnlyList<ContainerSummary>> ListContainersByLabelAsync(string label, CancellationToken cancellationToken);

    /// <summary>
    /// Creates (does not start) a container and returns its id. The first of
    /// <see cref="ContainerCreateSpec.Networks"/> is attached at creation, the others right after.
    /// A missing image is an <see cref="EngineErrorKind.NotFound"/> error (this call never pulls).
    /// </summary>
    Task<string> CreateContainerAsync(ContainerCreateSpec spec, CancellationToken cancellationToken);

    /// <summary>Waits until a container is no longer running and returns its exit code.</summary>
    Task<int> WaitContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>An image by id or reference, or null when the engine does not have it.</summary>
    Task<ImageDetails?> InspectImageAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Starts a container; starting a running container is not an error.</summary>
    Task StartContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stops a container, killing it after <paramref name="timeout"/> (the engine's default when null).</summary>
    Task StopContainerAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>Restarts a container, killing it after <paramref name="timeout"/> if it does not stop.</summary>
    Task RestartContainerAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="signal"/> (SIGKILL when null) to a container's main process.</summary>
    Task KillContainerAsync(string id, string? signal, CancellationToken cancellationToken);

    /// <summary>Freezes every process of a container.</summary>
    Task PauseContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Thaws a paused container.</summary>
    Task UnpauseContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes a container; <paramref name="force"/> kills a running one first.</summary>
    Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken);

    /// <summary>
    /// Streams a container's log as lines. With <see cref="ContainerLogOptions.Follow"/> it never ends
    /// by itself while the container runs: cancel <paramref name="cancellationToken"/> to stop it.
    /// </summary>
    IAsyncEnumerable<LogLine> StreamLogsAsync(string id, ContainerLogOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Streams engine events (container, image, network, volume...) until cancelled. With
    /// <paramref name="since"/> the engine first replays the events that happened after it.
    /// </summary>
    IAsyncEnumerable<EngineEvent> StreamEventsAsync(DateTimeOffset? since, CancellationToken cancellationToken);

    /// <summary>One resource-usage sample of a running container (CPU % needs two readings: the engine makes them).</summary>
    Task<ContainerStats> GetContainerStatsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Resource-usage samples about once a second until cancelled or the container stops.</summary>
    IAsyncEnumerable<ContainerStats> StreamContainerStatsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists the images on the engine (intermediate layers excluded).</summary>
    Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Pulls <paramref name="image"/> (<c>name[:tag]</c> or <c>name@digest</c>; tag <c>latest</c> when
    /// none), reporting progress per layer as the engine sends it. A failure the engine reports in
    /// the stream is thrown as an <see cref="EngineException"/>.
    /// </summary>
    IAsyncEnumerable<PullProgress> PullImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>Removes an image by id or reference; <paramref name="force"/> also removes it when containers use it.</summary>
    Task<IReadOnlyList<string>> RemoveImageAsync(string id, bool force, CancellationToken cancellationToken);

    /// <summary>Removes dangling (untagged, unused) images.</summary>
    Task<PruneResult> PruneImagesAsync(CancellationToken cancellationToken);

    /// <summary>Lists volumes.</summary>
    Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(CancellationToken cancellationToken);

    /// <summary>Creates a volume (driver <c>local</c> when none is given).</summary>
    Task<VolumeSummary> CreateVolumeAsync(VolumeCreate request, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a volume. The engine refuses (conflict) while any container, even a stopped one, uses it,
    /// <paramref name="force"/> or not; <paramref name="force"/> only makes removing a missing volume succeed.
    /// </summary>
    Task RemoveVolumeAsync(string name, bool force, CancellationToken cancellationToken);

    /// <summary>Removes volumes no container uses.</summary>
    Task<PruneResult> PruneVolumesAsync(CancellationToken cancellationToken);

    /// <summary>Lists networks.</summary>
    Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(CancellationToken cancellationToken);

    /// <summary>One network with its settings and attached containers.</summary>
    Task<NetworkDetails> InspectNetworkAsync(string id, CancellationToken cancellationToken);

    /// <summary>Creates a network (driver <c>bridge</c> when none is given) and returns it.</summary>
    Task<NetworkSummary> CreateNetworkAsync(NetworkCreate request, CancellationToken cancellationToken);

    /// <summary>Removes a network; the engine refuses (conflict) while containers are attached.</summary>
    Task RemoveNetworkAsync(string id, CancellationToken cancellationToken);
}

/// <summary>Creates an <see cref="IContainerEngine"/> for an endpoint; each target has its own.</summary>
public interface IContainerEngineFactory
{
    /// <summary>An engine client for a <c>unix://</c> endpoint, which needs no credentials.</summary>
    IContainerEngine Create(string endpoint);

    /// <summary>
    /// An engine client for <c>unix:///path</c>, <c>tcp://host:port</c> (TLS with
    /// <see cref="EngineCredentials.CaPem"/>, <see cref="EngineCredentials.CertPem"/> and
    /// <see cref="EngineCredentials.KeyPem"/>) or <c>ssh://user@host[:port]</c> (with
    /// <see cref="EngineCredentials.SshPrivateKey"/>). Invalid endpoints or missing credentials throw
    /// an <see cref="EngineException"/> of kind <see cref="EngineErrorKind.InvalidEndpoint"/>.
    /// </summary>
    // A default body keeps factories written before remote transports compiling; they stay unix-only.
    IContainerEngine Create(string endpoint, EngineCredentials? credentials) => credentials is null
        ? Create(endpoint)
        : throw new EngineException(EngineErrorKind.InvalidEndpoint, $"This engine factory cannot use credentials for '{endpoint}'.");
}
