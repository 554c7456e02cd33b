using System.Net;
using System.Text.RegularExpressions;

namespace WindFlow.Tests.TestSupport;

/// <summary>
/// Drives the static server-rendered pages the way a browser without JavaScript would: it keeps
/// cookies, returns redirects instead of following them, and posts forms with the hidden fields
/// (antiforgery token, <c>_handler</c>) of the form as rendered.
/// </summary>
public sealed partial class FormClient(HttpClient http) : IDisposable
{
    public const string AntiforgeryField = "__RequestVerificationToken";
    public const string HandlerField = "_handler";

    public HttpClient Http { get; } = http;

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}, not 200:\n{html}");
        }

        return html;
    }

    /// <summary>
    /// Fetches <paramref name="pagePath"/>, takes the form whose <c>_handler</c> or <c>id</c> is
    /// <paramref name="form"/>, and posts its hidden fields plus <paramref name="fields"/> to its
    /// action (the page itself when it has none).
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(
        string pagePath, string form, IReadOnlyDictionary<string, string> fields, bool withAntiforgeryToken = true)
    {
        var rendered = FindForm(await GetPageAsync(pagePath), form);
        var body = new Dictionary<string, string>(rendered.HiddenFields);
        if (!withAntiforgeryToken)
        {
            body.Remove(AntiforgeryField);
        }

        foreach (var (name, value) in fields)
        {
            body[name] = value;
        }

        using var content = new FormUrlEncodedContent(body);
        return await Http.PostAsync(rendered.Action ?? pagePath, content);
    }

    /// <summary>The form identified by its <c>_handler</c> value or its <c>id</c>.</summary>
    public static HtmlForm FindForm(string html, string form)
    {
        foreach (Match match in FormElement().Matches(html))
        {
            var attributes = Attributes(match.Groups["open"].Value);
            var hidden = new Dictionary<string, string>();
            foreach (Match input in InputElement().Matches(match.Groups["body"].Value))
            {
                var inputAttributes = Attributes(input.Value);
                if (inputAttributes.GetValueOrDefault("type") is "hidden" && inputAttributes.TryGetValue("name", out var name))
                {
                    hidden[name] = inputAttributes.GetValueOrDefault("value") ?? "";
                }
            }

            if (hidden.GetValueOrDefault(HandlerField) == form || attributes.GetValueOrDefault("id") == form)
            {
                return new HtmlForm(attributes.GetValueOrDefault("action"), hidden, InputNames(match.Groups["body"].Value));
            }
        }

        throw new InvalidOperationException($"The page has no form '{form}':\n{html}");
    }

    public void Dispose() => Http.Dispose();

    private static List<string> InputNames(string formBody) =>
        [.. InputElement().Matches(formBody).Select(m => Attributes(m.Value).GetValueOrDefault("name")).OfType<string>()];

    private static Dictionary<string, string> Attributes(string tag)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in Attribute().Matches(tag))
        {
            attributes.TryAdd(match.Groups["name"].Value.ToLowerInvariant(), WebUtility.HtmlDecode(match.Groups["value"].Value));
        }

        return attributes;
    }

    [GeneratedRegex(@"<form\b(?<open>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormElement();

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputElement();

    [GeneratedRegex(@"(?<name>[\w\-.:]+)\s*=\s*""(?<value>[^""]*)""")]
    private static partial Regex Attribute();
}

/// <summary>A form as the server rendered it.</summary>
public sealed record HtmlForm(string? Action, IReadOnlyDictionary<string, string> HiddenFields, IReadOnlyList<string> InputNames);
