using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WindFlow.Tests.TestSupport;
using WindFlow.Web.Logging;

namespace WindFlow.Tests.Web;

public sealed class JsonLogFormatterTests
{
    private readonly JsonLogFormatter _formatter = new(new ManualTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero)));

    private static IReadOnlyList<KeyValuePair<string, object?>> State(params (string Key, object? Value)[] values) =>
        [.. values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value))];

    private string Format(IReadOnlyList<KeyValuePair<string, object?>> state, string message, Exception? exception = null, IExternalScopeProvider? scopes = null)
    {
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(LogLevel.Warning, "WindFlow.Tests.Category", new EventId(42), state, exception, (_, _) => message);
        using var output = new StringWriter();
        _formatter.Write(entry, scopes, output);
        return output.ToString();
    }

    [Fact]
    public void Write_EntryWithScopesAndException_OneLineWithEcsFields()
    {
        var scopes = new LoggerExternalScopeProvider();
        using var request = scopes.Push(State(("RequestId", "0HABC:00000001"), ("RequestPath", "/api/v1/stacks")));
        using var user = scopes.Push(new Dictionary<string, object?> { [UserLogScope.UserKey] = "alice", [UserLogScope.OrganizationKey] = "acme" });
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        var text = Format(
            State(("Count", 3), ("Name", "multi\nline \"quoted\""), ("{OriginalFormat}", "Saw {Count} of {Name}")),
            "Saw 3 of multi\nline \"quoted\"",
            new InvalidOperationException("boom"),
            scopes);

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
        var line = JsonDocument.Parse(text).RootElement;
        Assert.Equal("2026-03-04T05:06:07.890Z", line.GetProperty("@timestamp").GetString());
        Assert.Equal("warn", line.GetProperty("log.level").GetString());
        Assert.Equal("WindFlow.Tests.Category", line.GetProperty("log.logger").GetString());
        Assert.Equal("42", line.GetProperty("event.code").GetString());
        Assert.Equal("Saw 3 of multi\nline \"quoted\"", line.GetProperty("message").GetString());
        Assert.Equal(activity.TraceId.ToHexString(), line.GetProperty("trace.id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), line.GetProperty("span.id").GetString());
        Assert.Equal("0HABC:00000001", line.GetProperty("http.request.id").GetString());
        Assert.Equal("/api/v1/stacks", line.GetProperty("url.path").GetString());
        Assert.Equal("alice", line.GetProperty("user.name").GetString());
        Assert.Equal("acme", line.GetProperty("organization.id").GetString());
        Assert.Equal("System.InvalidOperationException", line.GetProperty("error.type").GetString());
        Assert.Equal("boom", line.GetProperty("error.message").GetString());
        Assert.Contains("InvalidOperationException: boom", line.GetProperty("error.stack_trace").GetString(), StringComparison.Ordinal);
        // Every label is a string, so Elasticsearch never sees one field as a number and a word.
        var labels = line.GetProperty("labels");
        Assert.Equal("3", labels.GetProperty("Count").GetString());
        Assert.False(labels.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void Write_NoScopesNoActivity_LeavesOutWhatIsUnknown()
    {
        Assert.Null(Activity.Current);

        var line = JsonDocument.Parse(Format(State(("{OriginalFormat}", "Started")), "Started")).RootElement;

        Assert.Equal("Started", line.GetProperty("message").GetString());
        foreach (var absent in new[] { "trace.id", "user.name", "organization.id", "http.request.id", "error.type", "labels" })
        {
            Assert.False(line.TryGetProperty(absent, out _), absent);
        }
    }

    [Fact]
    public void Write_EmptyMessageWithoutException_WritesNothing()
    {
        Assert.Equal("", Format(State(), ""));
    }

    [Fact]
    public void UserLogScope_Anonymous_OpensNoScope()
    {
        Assert.Null(UserLogScope.Begin(NullLogger.Instance, new System.Security.Claims.ClaimsPrincipal()));
    }
}
