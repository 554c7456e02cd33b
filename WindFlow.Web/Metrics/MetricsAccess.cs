using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace WindFlow.Web.Metrics;

/// <summary>What /metrics answers a caller.</summary>
internal enum MetricsAccessDecision
{
    Allowed,

    /// <summary>A token is configured and the caller did not send it: 401.</summary>
    Unauthorized,

    /// <summary>No token is configured and the caller is not local: 403.</summary>
    Forbidden,
}

/// <summary>
/// Who may read /metrics. The figures name routes, counts and failures, not secrets, but DESIGN.md's
/// defaults expose nothing by default: a scraper on the same machine is served, any other must send
/// the configured bearer token. A request carrying forwarding headers came through a proxy, so its
/// loopback peer address says nothing about the real caller and does not count as local.
/// </summary>
internal static class MetricsAccess
{
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"];

    public static MetricsAccessDecision Decide(HttpContext context, string? token) => Decide(
        context.Connection.RemoteIpAddress,
        ForwardingHeaders.Any(context.Request.Headers.ContainsKey),
        context.Request.Headers.Authorization.ToString(),
        token);

    public static MetricsAccessDecision Decide(IPAddress? remote, bool forwarded, string? authorization, string? token)
    {
        var hasToken = !string.IsNullOrEmpty(token);
        if (hasToken && authorization is { Length: > 7 } && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && SameSecret(authorization[7..].Trim(), token!))
        {
            return MetricsAccessDecision.Allowed;
        }

        if (!forwarded && remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return MetricsAccessDecision.Allowed;
        }

        return hasToken ? MetricsAccessDecision.Unauthorized : MetricsAccessDecision.Forbidden;
    }

    // Hashing first gives equal lengths, so the comparison time says nothing about the token.
    private static bool SameSecret(string presented, string expected) => CryptographicOperations.FixedTimeEquals(
        SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
