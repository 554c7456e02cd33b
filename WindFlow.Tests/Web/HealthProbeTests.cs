using System.Net;
using WindFlow.Tests.TestSupport;
using WindFlow.Web.Hosting;

namespace WindFlow.Tests.Web;

/// <summary>`WindFlow.Web healthcheck`, the container image's HEALTHCHECK, against a real HTTP listener.</summary>
public sealed class HealthProbeTests
{
    [Theory]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/api/health")]
    [InlineData("http://*:5000;https://*:5001", "http://127.0.0.1:5000/api/health")]
    [InlineData("http://0.0.0.0:8080/", "http://127.0.0.1:8080/api/health")]
    [InlineData("http://[::]:9000", "http://127.0.0.1:9000/api/health")]
    [InlineData(" http://localhost:7000 ; http://+:80", "http://localhost:7000/api/health")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/api/health")]
    [InlineData(null, "http://localhost:8080/api/health")]
    public void HealthUrl_ListenUrls_ProbesTheFirstOnLoopback(string? urls, string expected) =>
        Assert.Equal(expected, HealthProbe.HealthUrl(urls));

    [Theory]
    [InlineData(HttpStatusCode.OK, 0)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 1)]
    public async Task RunAsync_ServerAnswers_ExitCodeFollowsStatus(HttpStatusCode status, int expected)
    {
        var port = TestTools.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var served = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = (int)status;
            context.Response.Close();
            return context.Request.Url!.AbsolutePath;
        });
        using var error = new StringWriter();

        var exitCode = await HealthProbe.RunAsync([$"http://127.0.0.1:{port}/api/health"], error, CancellationToken.None);

        Assert.Equal(expected, exitCode);
        Assert.Equal("/api/health", await served);
        Assert.Equal(expected == 0 ? "" : $"healthcheck: http://127.0.0.1:{port}/api/health answered 503.", error.ToString().Trim());
    }

    [Fact]
    public async Task RunAsync_NothingListening_Fails()
    {
        using var error = new StringWriter();

        var exitCode = await HealthProbe.RunAsync([$"http://127.0.0.1:{TestTools.FreePort()}/api/health"], error, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("did not answer", error.ToString());
    }
}
