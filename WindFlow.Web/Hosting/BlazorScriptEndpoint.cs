using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace WindFlow.Web.Hosting;

/// <summary>
/// Serves <c>/_framework/blazor.web.js</c> from the copy embedded at build time (see
/// build/BlazorScript.targets: the NuGet package that normally provides it is not obtainable here).
/// The script and its gzip form are prepared once and served with an ETag.
/// </summary>
internal static class BlazorScriptEndpoint
{
    private sealed record Script(byte[] Plain, byte[] Gzip, string ETag);

    private static readonly Lazy<Script> Content = new(Load);

    public static IEndpointConventionBuilder MapBlazorScript(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/_framework/blazor.web.js", (HttpContext context) =>
        {
            var script = Content.Value;
            var headers = context.Response.GetTypedHeaders();
            headers.ETag = new EntityTagHeaderValue(script.ETag);
            headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            context.Response.Headers.Vary = "Accept-Encoding";
            if (context.Request.Headers.IfNoneMatch == script.ETag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            var acceptsGzip = context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
            if (acceptsGzip)
            {
                context.Response.Headers.ContentEncoding = "gzip";
            }

            return Results.Bytes(acceptsGzip ? script.Gzip : script.Plain, "text/javascript");
        }).AllowAnonymous().ExcludeFromDescription();

    private static Script Load()
    {
        using var stream = typeof(BlazorScriptEndpoint).Assembly.GetManifestResourceStream("WindFlow.blazor.web.js")
            ?? throw new InvalidOperationException("blazor.web.js is not embedded: the build step ExtractBlazorWebScript did not run.");
        using var plain = new MemoryStream();
        stream.CopyTo(plain);
        using var gzip = new MemoryStream();
        using (var zip = new GZipStream(gzip, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zip.Write(plain.GetBuffer(), 0, (int)plain.Length);
        }

        var etag = "\"" + Convert.ToHexString(SHA256.HashData(plain.ToArray()), 0, 8) + "\"";
        return new Script(plain.ToArray(), gzip.ToArray(), etag);
    }
}
