namespace WindFlow.Web.Hosting;

internal static class UrlConfiguration
{
    public const string DefaultUrl = "http://localhost:8080";

    /// <summary><c>WINDFLOW_URLS</c> wins; otherwise ASP.NET's own settings; otherwise port 8080 on localhost.</summary>
    public static void UseWindFlowUrls(this IWebHostBuilder host, IConfiguration configuration)
    {
        if (configuration["WINDFLOW_URLS"] is { Length: > 0 } urls)
        {
            host.UseUrls(urls);
        }
        else if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]))
        {
            host.UseUrls(DefaultUrl);
        }
    }
}
