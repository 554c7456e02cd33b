using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Infrastructure.Workflows;

/// <summary>
/// <c>action.http</c>: <c>{method, url, headers?, body?, expectedStatus?}</c> → output <c>{status, body}</c>.
/// Without <c>expectedStatus</c> any answer succeeds, so a condition can branch on the status.
/// </summary>
internal sealed class HttpRequestExecutor(IHttpClientFactory clients) : IWorkflowNodeExecutor
{
    public const string ClientName = "workflow-http";

    // Bodies end up in the run's stored state; a megabyte is plenty for a check and keeps rows small.
    private const int MaxBodyBytes = 1024 * 1024;

    public string NodeType => "action.http";

    public async Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var config = execution.Config;
        var method = new HttpMethod((config["method"]?.ToString() ?? "GET").ToUpperInvariant());
        if (!Uri.TryCreate(config["url"]?.ToString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return NodeResult.Failure($"'{config["url"]}' is not an http(s) URL.");
        }

        using var request = new HttpRequestMessage(method, url);
        var body = config["body"];
        if (body is not null && method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Content = body.GetValueKind() == JsonValueKind.String
                ? new StringContent(body.GetValue<string>(), Encoding.UTF8, LooksLikeJson(body.GetValue<string>()) ? "application/json" : "text/plain")
                : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in ReadHeaders(config["headers"]))
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.Remove(name);
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        execution.Log($"{method} {url}");
        using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var text = await ReadBodyAsync(response.Content, cancellationToken);
        var status = (int)response.StatusCode;
        execution.Log($"HTTP {status}");
        var output = new JsonObject { ["status"] = status, ["body"] = ParseBody(text, response.Content.Headers.ContentType) };
        if (config["expectedStatus"] is { } expectedNode && ReadInt(expectedNode) is { } expected && expected != status)
        {
            return NodeResult.Failure($"Expected HTTP {expected}, got {status}.");
        }

        return NodeResult.Success(output);
    }

    internal static IEnumerable<(string Name, string Value)> ReadHeaders(JsonNode? headers)
    {
        if (headers?.GetValueKind() == JsonValueKind.String)
        {
            var text = headers.GetValue<string>();
            headers = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }

        return headers is JsonObject map
            ? map.Where(h => h.Value is not null).Select(h => (h.Key, h.Value!.ToString())).ToList()
            : [];
    }

    private static int? ReadInt(JsonNode node) =>
        node.GetValueKind() switch
        {
            JsonValueKind.Number => (int)node.GetValue<double>(),
            JsonValueKind.String when int.TryParse(node.GetValue<string>(), out var parsed) => parsed,
            _ => null,
        };

    private static bool LooksLikeJson(string text) => text.TrimStart() is ['{' or '[', ..];

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += chunk;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static JsonNode? ParseBody(string text, MediaTypeHeaderValue? type)
    {
        if (type?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON after all: keep it as text.
            }
        }

        return JsonValue.Create(text);
    }
}

/// <summary><c>action.notify</c>: POSTs <c>message</c> to a webhook, as generic JSON or in the Slack or Discord shape.</summary>
internal sealed class NotifyExecutor(IHttpClientFactory clients) : IWorkflowNodeExecutor
{
    public string NodeType => "action.notify";

    public async Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var config = execution.Config;
        if (!Uri.TryCreate(config["url"]?.ToString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return NodeResult.Failure($"'{config["url"]}' is not an http(s) URL.");
        }

        var message = config["message"]?.ToString() ?? "";
        var preset = config["preset"]?.ToString() ?? "generic";
        JsonObject payload = preset switch
        {
            "slack" => new JsonObject { ["text"] = message },
            "discord" => new JsonObject { ["content"] = message },
            _ => new JsonObject { ["text"] = message, ["runId"] = execution.RunId, ["nodeId"] = execution.Node.Id },
        };
        using var content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await clients.CreateClient(HttpRequestExecutor.ClientName).PostAsync(url, content, cancellationToken);
        var status = (int)response.StatusCode;
        execution.Log($"Notified {url.Host} ({preset}): HTTP {status}");
        return response.IsSuccessStatusCode
            ? NodeResult.Success(new JsonObject { ["status"] = status })
            : NodeResult.Failure($"The webhook answered HTTP {status}.");
    }
}
