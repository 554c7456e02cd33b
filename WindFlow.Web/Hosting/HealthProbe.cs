using System.Text.RegularExpressions;

namespace WindFlow.Web.Hosting;

/// <summary>
/// <c>WindFlow.Web healthcheck [url]</c>: asks a running WindFlow for <c>/api/health</c> and exits 0 when it
/// answers 2xx, 1 otherwise. The container image's HEALTHCHECK uses it because the ASP.NET runtime
/// images have neither curl nor wget (and the chiseled ones no shell).
/// </summary>
internal static partial class HealthProbe
{
    public const string Command = "healthcheck";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter error, CancellationToken cancellationToken)
    {
        var target = arguments.Count > 0
            ? arguments[0]
            : HealthUrl(Environment.GetEnvironmentVariable("WINDFLOW_URLS") is { Length: > 0 } urls ? urls : Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri))
        {
            await error.WriteLineAsync($"healthcheck: '{target}' is not an absolute URL.");
            return 1;
        }

        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await error.WriteLineAsync($"healthcheck: {uri} answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"healthcheck: {uri} did not answer: {ex.Message}");
        }

        return 1;
    }

    /// <summary>
    /// The <c>/api/health</c> address of the first URL WindFlow listens on (<c>WINDFLOW_URLS</c> syntax),
    /// with a wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) replaced by the loopback address.
    /// </summary>
    public static string HealthUrl(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? UrlConfiguration.DefaultUrl;
        var match = ListenUrl().Match(first);
        if (!match.Success)
        {
            return first;
        }

        var host = match.Groups["host"].Value is "+" or "*" or "0.0.0.0" or "[::]" ? "127.0.0.1" : match.Groups["host"].Value;
        return $"{match.Groups["scheme"].Value}://{host}{match.Groups["port"].Value}/api/health";
    }

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?<host>\[[^\]]*\]|[^:/\[]+)(?<port>:\d+)?")]
    private static partial Regex ListenUrl();
}
