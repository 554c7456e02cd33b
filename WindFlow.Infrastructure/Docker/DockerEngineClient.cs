using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// <see cref="IContainerEngine"/> over the Docker Engine REST API, spoken directly because
/// Docker.DotNet cannot be restored here (see docs and PLATFORM.md).
/// </summary>
public sealed partial class DockerEngineClient : IContainerEngine, IDisposable
{
    private readonly DockerConnection _connection;

    /// <summary>Creates a client for <paramref name="endpoint"/>, for example <c>unix:///var/run/docker.sock</c>.</summary>
    public DockerEngineClient(string endpoint)
        : this(endpoint, null)
    {
    }

    /// <summary>
    /// Creates a client for a <c>unix://</c>, <c>tcp://</c> (TLS, needs the PEM credentials) or
    /// <c>ssh://user@host[:port]</c> endpoint.
    /// </summary>
    public DockerEngineClient(string endpoint, EngineCredentials? credentials)
    {
        _connection = new DockerConnection(endpoint, credentials);
    }

    /// <summary>The newest API version this client speaks; older daemons are spoken to in their own version.</summary>
    public static Version MaxApiVersion => DockerConnection.MaxApiVersion;

    /// <inheritdoc />
    public string Endpoint => _connection.Endpoint;

    /// <inheritdoc />
    public async Task<EnginePing> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await _connection.SendRawAsync(HttpMethod.Get, "_ping", streaming: false, cancellationToken);
        var apiVersion = response.Headers.TryGetValues("API-Version", out var versions) ? versions.FirstOrDefault() : null;
        var osType = response.Headers.TryGetValues("OSType", out var osTypes) ? osTypes.FirstOrDefault() : null;
        return new EnginePing(apiVersion ?? "", osType);
    }

    /// <inheritdoc />
    public async Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        var negotiated = await _connection.NegotiateAsync(cancellationToken);
        var version = await _connection.GetJsonAsync("version", DockerJsonContext.Default.DockerVersionDto, cancellationToken);
        var info = await _connection.GetJsonAsync("info", DockerJsonContext.Default.DockerInfoDto, cancellationToken);
        return DockerMapping.ToEngineInfo(version, info, negotiated);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, CancellationToken cancellationToken)
    {
        var containers = await _connection.GetJsonAsync(
            all ? "containers/json?all=1" : "containers/json", DockerJsonContext.Default.ListDockerContainerDto, cancellationToken);
        return containers.Select(DockerMapping.ToSummary).ToList();
    }

    /// <inheritdoc />
    public async Task<ContainerDetails> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        var dto = await _connection.GetJsonAsync($"containers/{Escape(id)}/json", DockerJsonContext.Default.DockerInspectDto, cancellationToken);
        return DockerMapping.ToDetails(dto);
    }

    /// <inheritdoc />
    public Task StartContainerAsync(string id, CancellationToken cancellationToken) =>
        _connection.SendCommandAsync(HttpMethod.Post, $"containers/{Escape(id)}/start", cancellationToken);

    /// <inheritdoc />
    public Task StopContainerAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken) =>
        _connection.SendCommandAsync(HttpMethod.Post, $"containers/{Escape(id)}/stop{TimeoutQuery(timeout)}", cancellationToken);

    /// <inheritdoc />
    public Task RestartContainerAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken) =>
        _connection.SendCommandAsync(HttpMethod.Post, $"containers/{Escape(id)}/restart{TimeoutQuery(timeout)}", cancellationToken);

    /// <inheritdoc />
    public Task KillContainerAsync(string id, string? signal, CancellationToken cancellationToken) =>
        _connection.SendCommandAsync(
            HttpMethod.Post,
            signal is null ? $"containers/{Escape(id)}/kill" : $"containers/{Escape(id)}/kill?signal={Uri.EscapeDataString(signal)}",
            cancellationToken);

    /// <inheritdoc />
    public Task PauseContainerAsync(string id, CancellationToken cancellationToken) =>
        _connection.SendCommandAsync(HttpMethod.Post, $"containers/{Escape(id)}/pause", cancellationToken);

    /// <inheritdoc />
    public Task UnpauseContainerAsync(string id, CancellationToken cancellationToken) =>
        _connection.SendCommandAsync(HttpMethod.Post, $"containers/{Escape(id)}/unpause", cancellationToken);

    /// <inheritdoc />
    public Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken) =>
        _connection.SendCommandAsync(
            HttpMethod.Delete,
            $"containers/{Escape(id)}?force={(force ? "1" : "0")}&v={(removeVolumes ? "1" : "0")}",
            cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<LogLine> StreamLogsAsync(
        string id, ContainerLogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The body is framed only without a TTY, and nothing in the answer says which: ask first.
        var details = await InspectContainerAsync(id, cancellationToken);
        var query = new List<string> { "stdout=1", "stderr=1" };
        if (options.Follow)
        {
            query.Add("follow=1");
        }

        if (options.Timestamps)
        {
            query.Add("timestamps=1");
        }

        if (options.Tail is { } tail)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"tail={Math.Max(tail, 0)}"));
        }

        if (options.Since is { } since)
        {
            query.Add("since=" + DockerMapping.ToUnixSeconds(since));
        }

        using var response = await _connection.SendAsync(
            HttpMethod.Get, $"containers/{Escape(details.Id)}/logs?{string.Join('&', query)}", streaming: true, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var line in DockerLogLineReader.ReadAsync(body, details.Tty, options.Timestamps, cancellationToken))
        {
            yield return line;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<EngineEvent> StreamEventsAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = since is { } from ? "events?since=" + DockerMapping.ToUnixSeconds(from) : "events";
        using var response = await _connection.SendAsync(HttpMethod.Get, path, streaming: true, cancellationToken);
        await foreach (var dto in ReadJsonLinesAsync(response, DockerJsonContext.Default.DockerEventDto, "event", cancellationToken))
        {
            yield return DockerMapping.ToEvent(dto);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private static string TimeoutQuery(TimeSpan? timeout) =>
        timeout is { } t ? string.Create(CultureInfo.InvariantCulture, $"?t={(int)Math.Ceiling(t.TotalSeconds)}") : "";
}
