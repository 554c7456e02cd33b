using System.Net;
using WindFlow.Web.Metrics;

namespace WindFlow.Tests.Web.Metrics;

public sealed class MetricsAccessTests
{
    private const string Token = "0123456789abcdef0123";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Decide_LoopbackWithoutToken_Allowed(string address)
    {
        Assert.Equal(MetricsAccessDecision.Allowed, MetricsAccess.Decide(IPAddress.Parse(address), forwarded: false, authorization: null, token: null));
    }

    [Fact]
    public void Decide_LoopbackThroughProxy_NotTreatedAsLocal()
    {
        Assert.Equal(MetricsAccessDecision.Forbidden, MetricsAccess.Decide(IPAddress.Loopback, forwarded: true, authorization: null, token: null));
        Assert.Equal(MetricsAccessDecision.Unauthorized, MetricsAccess.Decide(IPAddress.Loopback, forwarded: true, authorization: null, token: Token));
    }

    [Fact]
    public void Decide_RemoteWithoutConfiguredToken_Forbidden()
    {
        Assert.Equal(MetricsAccessDecision.Forbidden, MetricsAccess.Decide(IPAddress.Parse("10.1.2.3"), false, "Bearer anything-at-all-here", token: null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-wrong-token")]
    [InlineData("Basic " + Token)]
    [InlineData("Bearer " + Token + "x")]
    public void Decide_RemoteWithoutTheToken_Unauthorized(string? authorization)
    {
        Assert.Equal(MetricsAccessDecision.Unauthorized, MetricsAccess.Decide(IPAddress.Parse("10.1.2.3"), false, authorization, Token));
    }

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer " + Token)]
    public void Decide_RemoteWithTheToken_Allowed(string authorization)
    {
        Assert.Equal(MetricsAccessDecision.Allowed, MetricsAccess.Decide(IPAddress.Parse("10.1.2.3"), true, authorization, Token));
    }

    [Fact]
    public void Decide_NoAddress_IsNotLocal()
    {
        Assert.Equal(MetricsAccessDecision.Forbidden, MetricsAccess.Decide(null, false, null, null));
    }
}
