using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// HTTP to one Docker daemon over a <see cref="DockerTransport"/>: negotiates the API version once, prefixes every
/// path with it, and turns transport failures and error answers into <see cref="EngineException"/>s.
/// </summary>
internal sealed class DockerConnection : IDisposable
{
    /// <summary>The newest API version whose answers this client has been written against.</summary>
    public static readonly Version MaxApiVersion = new(1, 47);

    // Non-streaming calls get a ceiling so a wedged daemon cannot hang a caller forever;
    // streams (logs, events) are bounded only by the caller's token.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http;
    private readonly SemaphoreSlim _negotiation = new(1, 1);
    private Version? _apiVersion;

    private readonly DockerTransport _transport;

    public DockerConnection(string endpoint, EngineCredentials? credentials)
    {
        Endpoint = endpoint;
        _transport = DockerTransport.Create(endpoint, credentials);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _transport.Configure(handler);
        _http = new HttpClient(handler)
        {
            // Only TCP dials this address; unix and ssh connect callbacks ignore it and the daemon does too.
            BaseAddress = _transport.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Endpoint { get; }

    /// <summary>The API version in use, after the first call negotiated it.</summary>
    public Version? ApiVersion => _apiVersion;

    /// <summary>Sends an unversioned request (used by /_ping and /version before negotiation).</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, bool streaming, CancellationToken cancellationToken) =>
        SendCoreAsync(method, path, content: null, streaming, cancellationToken);

    /// <summary>Sends a request under the negotiated <c>/v1.xx/</c> prefix; throws on any non-success answer.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, bool streaming, CancellationToken cancellationToken) =>
        SendAsync(method, path, content: null, streaming, cancellationToken);

    /// <summary>Like <see cref="SendAsync(HttpMethod, string, bool, CancellationToken)"/>, with a request body.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, HttpContent? content, bool streaming, CancellationToken cancellationToken)
    {
        var version = await NegotiateAsync(cancellationToken);
        return await SendCoreAsync(method, $"v{version.ToString(2)}/{path}", content, streaming, cancellationToken);
    }

    public Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        ReadJsonAnswerAsync(HttpMethod.Get, path, content: null, type, cancellationToken);

    /// <summary>Sends a body-less request whose answer is JSON (removals and prunes report what they removed).</summary>
    public Task<T> SendForJsonAsync<T>(HttpMethod method, string path, JsonTypeInfo<T> resultType, CancellationToken cancellationToken) =>
        ReadJsonAnswerAsync(method, path, content: null, resultType, cancellationToken);

    /// <summary>
    /// Sends <paramref name="body"/> as JSON and reads the JSON answer. Both go through the source-generated
    /// <see cref="DockerJsonContext"/>, so no reflection-based serialisation is needed.
    /// </summary>
    public Task<TResult> SendJsonAsync<TBody, TResult>(
        HttpMethod method,
        string path,
        TBody body,
        JsonTypeInfo<TBody> bodyType,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
        => ReadJsonAnswerAsync(method, path, JsonBody(body, bodyType), resultType, cancellationToken);

    /// <summary>Sends <paramref name="body"/> as JSON to a command whose answer carries nothing to read (network connect).</summary>
    public async Task SendJsonCommandAsync<TBody>(
        HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var response = await SendAsync(method, path, JsonBody(body, bodyType), streaming: false, timeout.Token);
    }

    /// <summary>Sends a body-less command such as start or stop; 304 (already in that state) counts as success.</summary>
    public async Task SendCommandAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var response = await SendAsync(method, path, streaming: false, timeout.Token);
    }

    /// <summary>Agrees on the lower of the daemon's API version and <see cref="MaxApiVersion"/>, once.</summary>
    public async Task<Version> NegotiateAsync(CancellationToken cancellationToken)
    {
        if (_apiVersion is { } known)
        {
            return known;
        }

        await _negotiation.WaitAsync(cancellationToken);
        try
        {
            if (_apiVersion is null)
            {
                var daemon = await ReadDaemonApiVersionAsync(cancellationToken);
                _apiVersion = daemon < MaxApiVersion ? daemon : MaxApiVersion;
            }

            return _apiVersion;
        }
        finally
        {
            _negotiation.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _negotiation.Dispose();
        _transport.Dispose();
    }

    private async Task<Version> ReadDaemonApiVersionAsync(CancellationToken cancellationToken)
    {
        using (var ping = await SendRawAsync(HttpMethod.Get, "_ping", streaming: false, cancellationToken))
        {
            if (ping.Headers.TryGetValues("API-Version", out var values)
                && Version.TryParse(values.FirstOrDefault(), out var fromPing))
            {
                return fromPing;
            }
        }

        // Old daemons or proxies may drop the header; /version always carries ApiVersion.
        using var response = await SendRawAsync(HttpMethod.Get, "version", streaming: false, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var version = await JsonSerializer.DeserializeAsync(body, DockerJsonContext.Default.DockerVersionDto, cancellationToken);
        return Version.TryParse(version?.ApiVersion, out var parsed)
            ? parsed
            : throw new EngineException(EngineErrorKind.Api, $"The Docker daemon at {Endpoint} did not report its API version.");
    }

    // Bytes rather than a serialising stream: a known Content-Length keeps every transport (ssh stdio included) simple.
    private static ByteArrayContent JsonBody<TBody>(TBody body, JsonTypeInfo<TBody> bodyType)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<T> ReadJsonAnswerAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var response = await SendAsync(method, path, content, streaming: false, timeout.Token);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        return await JsonSerializer.DeserializeAsync(body, type, timeout.Token)
            ?? throw new EngineException(EngineErrorKind.Api, $"The Docker daemon at {Endpoint} answered {method} /{path} with an empty body.");
    }

    private async Task<HttpResponseMessage> SendCoreAsync(
        HttpMethod method, string path, HttpContent? content, bool streaming, CancellationToken cancellationToken)
    {
        // The request owns the content and disposes it with itself.
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(
                request,
                streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw await _transport.DescribeFailureAsync(ex, cancellationToken);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
        {
            return response;
        }

        using (response)
        {
            throw await ApiErrorAsync(method, path, response, cancellationToken);
        }
    }

    private async Task<EngineException> ApiErrorAsync(HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? message = null;
        try
        {
            message = JsonSerializer.Deserialize(text, DockerJsonContext.Default.DockerErrorDto)?.Message;
        }
        catch (JsonException)
        {
            // Not every error (proxies, very old daemons) comes as JSON; the raw text is shown instead.
        }

        message = string.IsNullOrWhiteSpace(message) ? text.Trim() : message.Trim();
        var kind = response.StatusCode switch
        {
            HttpStatusCode.NotFound => EngineErrorKind.NotFound,
            HttpStatusCode.Conflict => EngineErrorKind.Conflict,
            HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => EngineErrorKind.PermissionDenied,
            _ => EngineErrorKind.Api,
        };
        var fallback = string.Create(CultureInfo.InvariantCulture, $"{method} /{path} answered {status} {response.ReasonPhrase}");
        return new EngineException(kind, string.IsNullOrEmpty(message) ? fallback : message, status);
    }
}
