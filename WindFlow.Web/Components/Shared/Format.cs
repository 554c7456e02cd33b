using System.Globalization;

namespace WindFlow.Web.Components.Shared;

/// <summary>How sizes and times read on screen, the same on every page.</summary>
public static class Format
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>1,536 → "1.5 KB" (powers of 1,024, as docker shows sizes).</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }

    /// <summary>"3 minutes ago", "2 days ago"; "never" for null.</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return "never";
        }

        var span = now - t;
        return span.TotalSeconds switch
        {
            < 5 => "just now",
            < 60 => $"{(int)span.TotalSeconds} seconds ago",
            < 120 => "a minute ago",
            < 3600 => $"{(int)span.TotalMinutes} minutes ago",
            < 7200 => "an hour ago",
            < 86400 => $"{(int)span.TotalHours} hours ago",
            < 172800 => "yesterday",
            _ => $"{(int)span.TotalDays} days ago",
        };
    }

    /// <summary>A short image or container id, as docker prints it.</summary>
    public static string ShortId(string id)
    {
        var bare = id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;
        return bare.Length > 12 ? bare[..12] : bare;
    }

    /// <summary>"0.0.0.0:8080→80/tcp, 443/tcp".</summary>
    public static string Ports(IEnumerable<WindFlow.Core.Targets.ContainerPort> ports) => string.Join(", ", ports
        .OrderBy(p => p.PrivatePort)
        .Select(p => p.PublicPort is { } pub
            ? $"{(string.IsNullOrEmpty(p.HostIp) ? "" : p.HostIp + ":")}{pub}→{p.PrivatePort}/{p.Protocol}"
            : $"{p.PrivatePort}/{p.Protocol}")
        .Distinct());
}
