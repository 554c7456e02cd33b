using YamlDotNet.RepresentationModel;

namespace WindFlow.Core.Compose;

/// <summary>Reads one service mapping; the syntaxes of its richer keys are in the other part of this class.</summary>
internal static partial class ComposeServiceReader
{
    private const string SupportedDeployKeys = "WindFlow supports deploy.replicas and deploy.resources (limits.cpus, limits.memory, reservations.memory)";

    public static ComposeService? Read(string name, YamlNode keyNode, YamlNode node, string path, ComposeReader reader)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return null;
        }

        var locations = new Dictionary<string, ComposeLocation>(StringComparer.Ordinal);
        var service = new ComposeService { Name = name, Location = ComposeReader.At(keyNode), Image = "", KeyLocations = locations };
        var hasImage = false;
        foreach (var (key, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, key);
            locations[key] = ComposeReader.At(kn);
            switch (key)
            {
                case "image":
                    hasImage = true;
                    service = service with { Image = reader.Scalar(v, p) ?? "" };
                    break;
                case "build":
                    reader.Error(kn, p, "'build' is not supported: WindFlow deploys images and builds nothing; build the image elsewhere, push it to a registry and set 'image'");
                    hasImage = true;
                    break;
                case "command":
                    service = service with { Command = Words(v, p, reader) };
                    break;
                case "entrypoint":
                    service = service with { Entrypoint = Words(v, p, reader) };
                    break;
                case "environment":
                    service = service with { Environment = Environment(v, p, reader) };
                    break;
                case "ports":
                    service = service with { Ports = Items(v, p, reader, Port) };
                    break;
                case "volumes":
                    service = service with { Volumes = Items(v, p, reader, Mount) };
                    break;
                case "networks":
                    service = service with { Networks = Networks(v, p, reader) };
                    break;
                case "network_mode":
                    service = service with { NetworkMode = reader.Scalar(v, p) };
                    break;
                case "depends_on":
                    service = service with { DependsOn = DependsOn(v, p, reader) };
                    break;
                case "healthcheck":
                    service = service with { Healthcheck = Healthcheck(v, p, reader) };
                    break;
                case "restart":
                    service = service with { Restart = Restart(v, p, reader) };
                    break;
                case "labels":
                    service = service with { Labels = reader.Dictionary(v, p) ?? service.Labels };
                    break;
                case "user":
                    service = service with { User = reader.Scalar(v, p) };
                    break;
                case "working_dir":
                    service = service with { WorkingDir = reader.Scalar(v, p) };
                    break;
                case "hostname":
                    service = service with { Hostname = reader.Scalar(v, p) };
                    break;
                case "container_name":
                    service = service with { ContainerName = reader.Scalar(v, p) };
                    break;
                case "cap_add":
                    service = service with { CapAdd = reader.StringList(v, p) ?? [] };
                    break;
                case "cap_drop":
                    service = service with { CapDrop = reader.StringList(v, p) ?? [] };
                    break;
                case "privileged":
                    service = service with { Privileged = reader.Bool(v, p) ?? false };
                    break;
                case "read_only":
                    service = service with { ReadOnly = reader.Bool(v, p) ?? false };
                    break;
                case "security_opt":
                    service = service with { SecurityOpt = reader.StringList(v, p) ?? [] };
                    break;
                case "extra_hosts":
                    service = service with { ExtraHosts = ExtraHosts(v, p, reader) };
                    break;
                case "dns":
                    service = service with { Dns = reader.StringOrList(v, p) ?? [] };
                    break;
                case "stop_signal":
                    service = service with { StopSignal = reader.Scalar(v, p) };
                    break;
                case "stop_grace_period":
                    service = service with { StopGracePeriod = reader.Duration(v, p) };
                    break;
                case "init":
                    service = service with { Init = reader.Bool(v, p) };
                    break;
                case "tty":
                    service = service with { Tty = reader.Bool(v, p) ?? false };
                    break;
                case "stdin_open":
                    service = service with { StdinOpen = reader.Bool(v, p) ?? false };
                    break;
                case "logging":
                    service = service with { Logging = Logging(v, p, reader) };
                    break;
                case "ulimits":
                    service = service with { Ulimits = Ulimits(v, p, reader) };
                    break;
                case "sysctls":
                    service = service with { Sysctls = reader.Dictionary(v, p) ?? service.Sysctls };
                    break;
                case "shm_size":
                    service = service with { ShmSizeBytes = reader.Bytes(v, p) };
                    break;
                case "mem_limit":
                    service = service with { MemLimitBytes = reader.Bytes(v, p) };
                    break;
                case "cpus":
                    service = service with { Cpus = reader.PositiveNumber(v, p) };
                    break;
                case "deploy":
                    service = service with { Deploy = Deploy(v, p, reader) };
                    break;
                case "pull_policy":
                    service = service with { PullPolicy = PullPolicy(v, p, reader) };
                    break;
                case "profiles":
                    service = service with { Profiles = reader.StringList(v, p) ?? [] };
                    break;
                case "pid":
                    service = service with { Pid = reader.Scalar(v, p) };
                    break;
                case "ipc":
                    service = service with { Ipc = reader.Scalar(v, p) };
                    break;
                default:
                    if (!key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        reader.Error(kn, p, $"'{key}' is not a supported service key");
                    }

                    break;
            }
        }

        if (!hasImage)
        {
            reader.Error(keyNode, path, "'image' is required: WindFlow deploys an existing image (it builds nothing)");
        }

        return service;
    }

    private static IReadOnlyList<T> Items<T>(YamlNode node, string path, ComposeReader reader, Func<YamlNode, string, ComposeReader, IEnumerable<T>> read)
    {
        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, path, $"expected a list, found {ComposeReader.Describe(node)}");
            return [];
        }

        var items = new List<T>();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            items.AddRange(read(item, $"{path}[{index++}]", reader));
        }

        return items;
    }

    private static IReadOnlyList<string>? Words(YamlNode node, string path, ComposeReader reader)
    {
        if (node is not YamlScalarNode || ComposeReader.IsNull(node))
        {
            return reader.StringList(node, path);
        }

        var text = ((YamlScalarNode)node).Value ?? "";
        if (ComposeValues.TrySplitShellWords(text, out var words))
        {
            return words;
        }

        reader.Error(node, path, "a quote is not closed; check the ' and \" characters, or write the value as a list");
        return null;
    }

    private static IReadOnlyDictionary<string, string> Environment(YamlNode node, string path, ComposeReader reader)
    {
        const string Bare = "has no value; WindFlow has no shell environment to take it from: give it a value here, or use a stack variable";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlSequenceNode sequence)
        {
            var index = 0;
            foreach (var item in sequence.Children)
            {
                var p = $"{path}[{index++}]";
                if (reader.Scalar(item, p) is not { } text)
                {
                    continue;
                }

                var eq = text.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    reader.Error(item, p, eq == 0 ? $"'{text}' has no variable name before '='" : $"'{text}' {Bare}");
                    continue;
                }

                result[text[..eq]] = text[(eq + 1)..];
            }

            return result;
        }

        if (reader.Mapping(node, path) is not { } mapping)
        {
            return result;
        }

        foreach (var (key, kn, value) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, key);
            if (ComposeReader.IsNull(value))
            {
                reader.Error(kn, p, $"'{key}' {Bare}");
            }
            else if (reader.Scalar(value, p) is { } text)
            {
                result[key] = text;
            }
        }

        return result;
    }

    private static string? Restart(YamlNode node, string path, ComposeReader reader)
    {
        var text = reader.Scalar(node, path);
        if (text is null or "no" or "always" or "unless-stopped" or "on-failure")
        {
            return text;
        }

        if (text.StartsWith("on-failure:", StringComparison.Ordinal) && int.TryParse(text["on-failure:".Length..], out var retries) && retries > 0)
        {
            return text;
        }

        reader.Error(node, path, $"'{text}' is not a restart policy; use no, always, on-failure, on-failure:N (N > 0) or unless-stopped");
        return null;
    }

    private static string? PullPolicy(YamlNode node, string path, ComposeReader reader)
    {
        if (node is YamlScalarNode { Value: "build" })
        {
            reader.Error(node, path, "pull_policy 'build' is not supported: WindFlow deploys images and builds nothing; push the image to a registry");
            return null;
        }

        return reader.OneOf(node, path, "always", "never", "missing", "if_not_present");
    }

    private static IReadOnlyList<string> ExtraHosts(YamlNode node, string path, ComposeReader reader)
    {
        if (node is YamlMappingNode mapping)
        {
            return reader.Entries(mapping, path)
                .Select(e => (e.Key, Ip: reader.Scalar(e.Value, ComposeReader.Join(path, e.Key))))
                .Where(e => e.Ip is not null)
                .Select(e => $"{e.Key}:{e.Ip}")
                .ToList();
        }

        var hosts = new List<string>();
        var entries = reader.StringList(node, path) ?? [];
        var items = node is YamlSequenceNode sequence ? sequence.Children : [];
        for (var i = 0; i < entries.Count && i < items.Count; i++)
        {
            var entry = entries[i];
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var split = eq > 0 ? eq : colon;
            if (split <= 0 || split == entry.Length - 1)
            {
                reader.Error(items[i], $"{path}[{i}]", $"'{entry}' is not a host entry; write it as host:ip");
                continue;
            }

            hosts.Add($"{entry[..split]}:{entry[(split + 1)..]}");
        }

        return hosts;
    }

    private static ComposeLogging? Logging(YamlNode node, string path, ComposeReader reader)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return null;
        }

        var logging = new ComposeLogging(null, new Dictionary<string, string>());
        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            logging = k switch
            {
                "driver" => logging with { Driver = reader.Scalar(v, p) },
                "options" => logging with { Options = reader.Dictionary(v, p) ?? logging.Options },
                _ => ComposeParser.Unsupported(logging, kn, p, $"'{k}' is not a supported logging key; WindFlow supports driver and options", reader),
            };
        }

        return logging;
    }

    private static IReadOnlyList<ComposeUlimit> Ulimits(YamlNode node, string path, ComposeReader reader)
    {
        var result = new List<ComposeUlimit>();
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return result;
        }

        foreach (var (name, _, value) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, name);
            if (value is not YamlMappingNode limits)
            {
                if (reader.Int(value, p) is { } both)
                {
                    result.Add(new ComposeUlimit(name, both, both));
                }

                continue;
            }

            int? soft = null, hard = null;
            foreach (var (k, kn, v) in reader.Entries(limits, p))
            {
                var kp = ComposeReader.Join(p, k);
                switch (k)
                {
                    case "soft":
                        soft = reader.Int(v, kp);
                        break;
                    case "hard":
                        hard = reader.Int(v, kp);
                        break;
                    default:
                        reader.Error(kn, kp, $"'{k}' is not a supported ulimit key; use soft and hard");
                        break;
                }
            }

            if (soft is null || hard is null)
            {
                reader.Error(value, p, "a ulimit given as a mapping needs both soft and hard");
            }
            else
            {
                result.Add(new ComposeUlimit(name, soft.Value, hard.Value));
            }
        }

        return result;
    }

    private static ComposeDeploy? Deploy(YamlNode node, string path, ComposeReader reader)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return null;
        }

        var deploy = new ComposeDeploy(null, null, null, null);
        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            switch (k)
            {
                case "replicas":
                    deploy = deploy with { Replicas = reader.Int(v, p, min: 0) };
                    break;
                case "resources":
                    deploy = Resources(deploy, v, p, reader);
                    break;
                default:
                    reader.Error(kn, p, $"'{k}' is not a supported deploy key; {SupportedDeployKeys}");
                    break;
            }
        }

        return deploy;
    }

    private static ComposeDeploy Resources(ComposeDeploy deploy, YamlNode node, string path, ComposeReader reader)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return deploy;
        }

        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            if ((k is not "limits" and not "reservations") || reader.Mapping(v, p) is not { } inner)
            {
                if (k is not "limits" and not "reservations")
                {
                    reader.Error(kn, p, $"'{k}' is not a supported deploy.resources key; {SupportedDeployKeys}");
                }

                continue;
            }

            foreach (var (rk, rkn, rv) in reader.Entries(inner, p))
            {
                var rp = ComposeReader.Join(p, rk);
                deploy = (k, rk) switch
                {
                    ("limits", "cpus") => deploy with { LimitCpus = reader.PositiveNumber(rv, rp) },
                    ("limits", "memory") => deploy with { LimitMemoryBytes = reader.Bytes(rv, rp) },
                    ("reservations", "memory") => deploy with { ReservationMemoryBytes = reader.Bytes(rv, rp) },
                    _ => ComposeParser.Unsupported(deploy, rkn, rp, $"'{rk}' is not a supported deploy.resources.{k} key; {SupportedDeployKeys}", reader),
                };
            }
        }

        return deploy;
    }
}
