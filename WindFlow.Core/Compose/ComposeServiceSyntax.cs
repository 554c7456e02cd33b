using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Core.Compose;

/// <summary>Short and long syntaxes of ports, volumes, networks, depends_on and healthcheck.</summary>
internal static partial class ComposeServiceReader
{
    private static IEnumerable<ComposePort> Port(YamlNode node, string path, ComposeReader reader)
    {
        var location = ComposeReader.At(node);
        if (node is YamlMappingNode mapping)
        {
            int? target = null;
            var sawTarget = false;
            var published = "";
            string? hostIp = null;
            var protocol = "tcp";
            foreach (var (k, kn, v) in reader.Entries(mapping, path))
            {
                var p = ComposeReader.Join(path, k);
                switch (k)
                {
                    case "target":
                        sawTarget = true;
                        target = reader.Int(v, p, 1, 65535);
                        break;
                    case "published":
                        published = reader.Scalar(v, p) is { } text && PortRange(text) is not null ? text : Invalid(v, p, reader);
                        break;
                    case "host_ip":
                        hostIp = reader.Scalar(v, p);
                        break;
                    case "protocol":
                        protocol = reader.OneOf(v, p, "tcp", "udp", "sctp") ?? protocol;
                        break;
                    default:
                        reader.Error(kn, p, $"'{k}' is not a supported port key; WindFlow supports target, published, host_ip and protocol");
                        break;
                }
            }

            if (target is null)
            {
                if (!sawTarget)
                {
                    reader.Error(node, path, "a port in long syntax needs 'target' (the container port)");
                }

                return [];
            }

            return [new ComposePort(target.Value, published, hostIp, protocol, location)];
        }

        return reader.Scalar(node, path) is { } spec ? ShortPort(spec, node, path, location, reader) : [];
    }

    private static string Invalid(YamlNode node, string path, ComposeReader reader)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            reader.Error(node, path, $"'{text}' is not a port number (1-65535) or range like 8000-8010");
        }

        return "";
    }

    private static IEnumerable<ComposePort> ShortPort(string spec, YamlNode node, string path, ComposeLocation location, ComposeReader reader)
    {
        var bad = $"'{spec}' is not a port; write it as PORT, HOST_PORT:PORT or HOST_IP:HOST_PORT:PORT, optionally with /udp";
        var rest = spec;
        var protocol = "tcp";
        var slash = rest.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = rest[(slash + 1)..];
            rest = rest[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp"))
            {
                reader.Error(node, path, $"'{protocol}' is not a port protocol; use tcp, udp or sctp");
                return [];
            }
        }

        string? hostIp = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                reader.Error(node, path, bad);
                return [];
            }

            hostIp = rest[1..close];
            rest = rest[(close + 2)..];
        }

        var parts = rest.Split(':');
        string? published;
        string targetText;
        switch (parts.Length)
        {
            case 1 when hostIp is null:
                (published, targetText) = ("", parts[0]);
                break;
            case 2:
                (published, targetText) = (parts[0], parts[1]);
                break;
            case 3 when hostIp is null:
                (hostIp, published, targetText) = (parts[0], parts[1], parts[2]);
                break;
            default:
                reader.Error(node, path, bad);
                return [];
        }

        var targets = PortRange(targetText);
        var hosts = published.Length == 0 ? null : PortRange(published);
        if (targets is null || (published.Length > 0 && hosts is null))
        {
            reader.Error(node, path, bad);
            return [];
        }

        if (targets.Value.Count == 1)
        {
            return [new ComposePort(targets.Value.First, published, hostIp, protocol, location)];
        }

        if (hosts is not null && hosts.Value.Count != targets.Value.Count)
        {
            reader.Error(node, path, $"'{spec}': a container port range needs a host port range of the same length");
            return [];
        }

        return Enumerable.Range(0, targets.Value.Count)
            .Select(i => new ComposePort(
                targets.Value.First + i,
                hosts is null ? "" : (hosts.Value.First + i).ToString(CultureInfo.InvariantCulture),
                hostIp,
                protocol,
                location))
            .ToList();
    }

    private static (int First, int Count)? PortRange(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? text : text[..dash];
        var last = dash < 0 ? text : text[(dash + 1)..];
        if (int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var b)
            && a is >= 1 and <= 65535 && b is >= 1 and <= 65535 && a <= b)
        {
            return (a, b - a + 1);
        }

        return null;
    }

    private static IEnumerable<ComposeMount> Mount(YamlNode node, string path, ComposeReader reader)
    {
        var location = ComposeReader.At(node);
        if (node is YamlMappingNode mapping)
        {
            return LongMount(mapping, path, location, reader) is { } mount ? [mount] : [];
        }

        if (reader.Scalar(node, path) is not { } spec)
        {
            return [];
        }

        var parts = spec.Split(':');
        if (parts.Length == 1)
        {
            return Target(spec, node, path, reader) ? [new ComposeMount("volume", null, spec, false, null, false, location)] : [];
        }

        if (parts.Length > 3)
        {
            reader.Error(node, path, $"'{spec}' is not a volume; write it as SOURCE:TARGET[:ro|rw] or TARGET");
            return [];
        }

        var readOnly = false;
        if (parts.Length == 3)
        {
            if (parts[2] is not ("ro" or "rw"))
            {
                reader.Error(node, path, $"'{parts[2]}' is not a supported volume mode; use ro or rw");
                return [];
            }

            readOnly = parts[2] == "ro";
        }

        var (source, target) = (parts[0], parts[1]);
        if (!Target(target, node, path, reader) || !Source(source, node, path, reader))
        {
            return [];
        }

        var type = source.StartsWith('/') ? "bind" : "volume";
        return [new ComposeMount(type, source, target, readOnly, null, false, location)];
    }

    private static bool Target(string target, YamlNode node, string path, ComposeReader reader)
    {
        if (target.StartsWith('/'))
        {
            return true;
        }

        reader.Error(node, path, $"'{target}' is not an absolute container path; a mount target starts with '/'");
        return false;
    }

    private static bool Source(string source, YamlNode node, string path, ComposeReader reader)
    {
        if (source.Length == 0)
        {
            reader.Error(node, path, "the mount source is empty; give a named volume or an absolute host path");
            return false;
        }

        if (source.StartsWith('.') || source.StartsWith('~'))
        {
            reader.Error(node, path, $"'{source}' is a relative path, but a deployment has no project directory on the target; use an absolute host path or a named volume");
            return false;
        }

        return true;
    }

    private static ComposeMount? LongMount(YamlMappingNode mapping, string path, ComposeLocation location, ComposeReader reader)
    {
        string? type = null, source = null, target = null;
        var readOnly = false;
        var noCopy = false;
        long? size = null;
        YamlNode? sourceNode = null, targetNode = null;
        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            switch (k)
            {
                case "type":
                    type = reader.OneOf(v, p, "volume", "bind", "tmpfs");
                    break;
                case "source":
                    (source, sourceNode) = (reader.Scalar(v, p), v);
                    break;
                case "target":
                    (target, targetNode) = (reader.Scalar(v, p), v);
                    break;
                case "read_only":
                    readOnly = reader.Bool(v, p) ?? false;
                    break;
                case "tmpfs":
                    size = SubKey(v, p, "size", reader, n => reader.Bytes(n, ComposeReader.Join(p, "size")));
                    break;
                case "volume":
                    noCopy = SubKey(v, p, "nocopy", reader, n => reader.Bool(n, ComposeReader.Join(p, "nocopy"))) ?? false;
                    break;
                default:
                    reader.Error(kn, p, $"'{k}' is not a supported volume key; WindFlow supports type, source, target, read_only, tmpfs.size and volume.nocopy");
                    break;
            }
        }

        if (type is null || target is null)
        {
            reader.Error(location, path, "a volume in long syntax needs 'type' (volume, bind or tmpfs) and 'target'");
            return null;
        }

        if (!Target(target, targetNode!, path, reader))
        {
            return null;
        }

        switch (type)
        {
            case "bind" when source is null:
                reader.Error(location, path, "a bind mount needs 'source', an absolute host path");
                return null;
            case "bind" when !Source(source, sourceNode!, path, reader):
                return null;
            case "bind" when !source.StartsWith('/'):
                reader.Error(sourceNode!, path, $"'{source}' is not an absolute host path");
                return null;
            case "volume" when source is not null && !Source(source, sourceNode!, path, reader):
                return null;
            case "volume" when source is not null && source.StartsWith('/'):
                reader.Error(sourceNode!, path, $"'{source}' is a host path; use type: bind for it, or name a volume");
                return null;
            case "tmpfs" when source is not null:
                reader.Error(sourceNode!, path, "a tmpfs mount has no source");
                return null;
        }

        return new ComposeMount(type, source, target, readOnly, size, noCopy, location);
    }

    private static T? SubKey<T>(YamlNode node, string path, string key, ComposeReader reader, Func<YamlNode, T?> read)
        where T : struct
    {
        T? value = null;
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return value;
        }

        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            if (k == key)
            {
                value = read(v);
            }
            else
            {
                reader.Error(kn, ComposeReader.Join(path, k), $"'{k}' is not supported here; WindFlow supports {path.Split('.')[^1]}.{key}");
            }
        }

        return value;
    }

    private static IReadOnlyList<ComposeServiceNetwork> Networks(YamlNode node, string path, ComposeReader reader)
    {
        var result = new List<ComposeServiceNetwork>();
        if (node is YamlSequenceNode sequence)
        {
            var index = 0;
            foreach (var item in sequence.Children)
            {
                if (reader.Scalar(item, $"{path}[{index++}]") is { } name)
                {
                    result.Add(new ComposeServiceNetwork(name, [], null, ComposeReader.At(item)));
                }
            }

            return result;
        }

        if (reader.Mapping(node, path) is not { } mapping)
        {
            return result;
        }

        foreach (var (name, kn, value) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, name);
            var network = new ComposeServiceNetwork(name, [], null, ComposeReader.At(kn));
            if (!ComposeReader.IsNull(value) && reader.Mapping(value, p) is { } settings)
            {
                foreach (var (k, skn, v) in reader.Entries(settings, p))
                {
                    var sp = ComposeReader.Join(p, k);
                    network = k switch
                    {
                        "aliases" => network with { Aliases = reader.StringList(v, sp) ?? [] },
                        "ipv4_address" => network with { Ipv4Address = reader.Scalar(v, sp) },
                        _ => ComposeParser.Unsupported(network, skn, sp, $"'{k}' is not a supported service network key; WindFlow supports aliases and ipv4_address", reader),
                    };
                }
            }

            result.Add(network);
        }

        return result;
    }

    private static IReadOnlyList<ComposeDependency> DependsOn(YamlNode node, string path, ComposeReader reader)
    {
        var result = new List<ComposeDependency>();
        if (node is YamlSequenceNode sequence)
        {
            var index = 0;
            foreach (var item in sequence.Children)
            {
                if (reader.Scalar(item, $"{path}[{index++}]") is { } name)
                {
                    result.Add(new ComposeDependency(name, ComposeDependencyConditions.ServiceStarted, false, true, ComposeReader.At(item)));
                }
            }

            return result;
        }

        if (reader.Mapping(node, path) is not { } mapping)
        {
            return result;
        }

        foreach (var (name, kn, value) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, name);
            var dependency = new ComposeDependency(name, ComposeDependencyConditions.ServiceStarted, false, true, ComposeReader.At(kn));
            if (!ComposeReader.IsNull(value) && reader.Mapping(value, p) is { } settings)
            {
                foreach (var (k, skn, v) in reader.Entries(settings, p))
                {
                    var sp = ComposeReader.Join(p, k);
                    dependency = k switch
                    {
                        "condition" => dependency with
                        {
                            Condition = reader.OneOf(
                                v,
                                sp,
                                ComposeDependencyConditions.ServiceStarted,
                                ComposeDependencyConditions.ServiceHealthy,
                                ComposeDependencyConditions.ServiceCompletedSuccessfully) ?? dependency.Condition,
                        },
                        "restart" => dependency with { Restart = reader.Bool(v, sp) ?? false },
                        "required" => dependency with { Required = reader.Bool(v, sp) ?? true },
                        _ => ComposeParser.Unsupported(dependency, skn, sp, $"'{k}' is not a supported depends_on key; WindFlow supports condition, restart and required", reader),
                    };
                }
            }

            result.Add(dependency);
        }

        return result;
    }

    private static ComposeHealthcheck? Healthcheck(YamlNode node, string path, ComposeReader reader)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return null;
        }

        var check = new ComposeHealthcheck(null, null, null, null, null, null, false);
        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            check = k switch
            {
                "test" => check with { Test = HealthTest(v, p, reader) },
                "interval" => check with { Interval = reader.Duration(v, p) },
                "timeout" => check with { Timeout = reader.Duration(v, p) },
                "start_period" => check with { StartPeriod = reader.Duration(v, p) },
                "start_interval" => check with { StartInterval = reader.Duration(v, p) },
                "retries" => check with { Retries = reader.Int(v, p, min: 0) },
                "disable" => check with { Disable = reader.Bool(v, p) ?? false },
                _ => ComposeParser.Unsupported(check, kn, p, $"'{k}' is not a supported healthcheck key; WindFlow supports test, interval, timeout, start_period, start_interval, retries and disable", reader),
            };
        }

        return check;
    }

    private static IReadOnlyList<string>? HealthTest(YamlNode node, string path, ComposeReader reader)
    {
        if (node is YamlScalarNode && !ComposeReader.IsNull(node))
        {
            return ["CMD-SHELL", ((YamlScalarNode)node).Value ?? ""];
        }

        if (reader.StringList(node, path) is not { } test)
        {
            return null;
        }

        if (test.Count == 0 || test[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
        {
            reader.Error(node, path, "a healthcheck test list starts with CMD, CMD-SHELL or NONE, e.g. [\"CMD\", \"wget\", \"-q\", \"--spider\", \"http://localhost/\"]");
            return null;
        }

        return test;
    }
}
