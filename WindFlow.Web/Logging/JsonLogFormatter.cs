using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace WindFlow.Web.Logging;

/// <summary>
/// One JSON object per line with Elastic Common Schema field names, so Filebeat can ship the lines
/// to Elasticsearch without a rename step: <c>@timestamp</c>, <c>log.level</c>, <c>log.logger</c>,
/// <c>message</c>, <c>trace.id</c>, <c>span.id</c>, <c>http.request.id</c>, <c>url.path</c>,
/// <c>user.name</c>, <c>organization.id</c>, <c>error.*</c>, and the message's own values under
/// <c>labels</c>. Labels are written as strings: Elasticsearch maps a field by the first type it
/// sees, so one message logging a number and another a word under the same name would make it
/// reject documents.
/// </summary>
internal sealed class JsonLogFormatter(TimeProvider clock) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "windflow-json";

    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Log text is not HTML: keep quotes, '<' and non-ASCII readable; JSON escaping stays correct.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var context = new ScopeContext();
        scopeProvider?.ForEachScope(static (scope, found) => found.Read(scope), context);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("@timestamp", clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("log.level", LevelName(logEntry.LogLevel));
            json.WriteString("log.logger", logEntry.Category);
            json.WriteString("message", message);
            if (logEntry.EventId.Id != 0)
            {
                json.WriteString("event.code", logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
            }

            // The request's activity is current while the line is formatted (the console logger
            // formats on the caller's thread and only queues the text).
            var activity = Activity.Current;
            WriteIfPresent(json, "trace.id", activity?.TraceId.ToHexString() ?? context.TraceId);
            WriteIfPresent(json, "span.id", activity?.SpanId.ToHexString() ?? context.SpanId);
            WriteIfPresent(json, "http.request.id", context.RequestId);
            WriteIfPresent(json, "url.path", context.RequestPath);
            WriteIfPresent(json, "user.name", context.User);
            WriteIfPresent(json, "organization.id", context.Organization);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("error.type", exception.GetType().FullName);
                json.WriteString("error.message", exception.Message);
                json.WriteString("error.stack_trace", exception.ToString());
            }

            WriteLabels(json, logEntry.State as IReadOnlyList<KeyValuePair<string, object?>>);
            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private static void WriteLabels(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, object?>>? state)
    {
        if (state is null || state.Count == 0 || (state.Count == 1 && state[0].Key == OriginalFormat))
        {
            return;
        }

        json.WriteStartObject("labels");
        foreach (var (key, value) in state)
        {
            if (key != OriginalFormat)
            {
                json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }

        json.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };

    /// <summary>
    /// The values WindFlow wants from the active scopes: ASP.NET Core's request scope (RequestId,
    /// RequestPath, TraceId, SpanId) and <see cref="UserLogScope"/> (User, Organization).
    /// </summary>
    private sealed class ScopeContext
    {
        public string? TraceId { get; private set; }

        public string? SpanId { get; private set; }

        public string? RequestId { get; private set; }

        public string? RequestPath { get; private set; }

        public string? User { get; private set; }

        public string? Organization { get; private set; }

        public void Read(object? scope)
        {
            if (scope is not IEnumerable<KeyValuePair<string, object?>> values)
            {
                return;
            }

            foreach (var (key, value) in values)
            {
                var text = Convert.ToString(value, CultureInfo.InvariantCulture);
                switch (key)
                {
                    case "TraceId": TraceId = text; break;
                    case "SpanId": SpanId = text; break;
                    case "RequestId": RequestId = text; break;
                    case "RequestPath": RequestPath = text; break;
                    case UserLogScope.UserKey: User = text; break;
                    case UserLogScope.OrganizationKey: Organization = text; break;
                }
            }
        }
    }
}
