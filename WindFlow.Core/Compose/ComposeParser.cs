using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Core.Compose;

/// <summary>
/// Reads a compose file into a <see cref="ComposeProject"/>, accepting exactly the keys WindFlow's
/// native deploy engine supports and reporting every other key, wrong type and broken reference
/// with its line and column.
/// </summary>
public static partial class ComposeParser
{
    /// <summary>Parses <paramref name="yaml"/>; never throws for bad input, every problem is in <see cref="ComposeParseResult.Errors"/>.</summary>
    public static ComposeParseResult Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            // The merging parser resolves '<<: *anchor' merge keys, which compose files use for shared settings.
            stream.Load(new MergingParser(new Parser(new StringReader(yaml))));
        }
        catch (YamlException e)
        {
            var message = YamlMarkPrefix().Replace(e.Message, "");
            return Failed(new ComposeError((int)e.Start.Line, (int)e.Start.Column, "", $"invalid YAML: {message}"));
        }

        if (stream.Documents.Count == 0 || ComposeReader.IsNull(stream.Documents[0].RootNode))
        {
            return Failed(new ComposeError(ComposeLocation.Start, "", "the file is empty: a compose file needs a 'services' section"));
        }

        var reader = new ComposeReader();
        if (stream.Documents.Count > 1)
        {
            reader.Error(stream.Documents[1].RootNode, "", "a compose file holds one YAML document; remove the '---' separator and what follows it");
        }

        var project = ReadProject(stream.Documents[0].RootNode, reader);
        if (project is not null)
        {
            ComposeCrossChecks.Check(project, reader);
        }

        var errors = reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new ComposeParseResult(errors.Count == 0 ? project : null, errors);
    }

    private static ComposeParseResult Failed(ComposeError error) => new(null, [error]);

    private static ComposeProject? ReadProject(YamlNode root, ComposeReader reader)
    {
        if (reader.Mapping(root, "") is not { } mapping)
        {
            return null;
        }

        string? name = null;
        var services = new Dictionary<string, ComposeService>(StringComparer.Ordinal);
        var networks = new Dictionary<string, ComposeNetwork>(StringComparer.Ordinal);
        var volumes = new Dictionary<string, ComposeVolume>(StringComparer.Ordinal);
        var sawServices = false;
        foreach (var (key, keyNode, value) in reader.Entries(mapping, ""))
        {
            switch (key)
            {
                case "name":
                    name = reader.Scalar(value, key);
                    if (name is not null && !ProjectName().IsMatch(name))
                    {
                        reader.Error(value, key, $"'{name}' is not a valid project name: use lowercase letters, digits, '-' and '_', starting with a letter or digit");
                    }

                    break;
                case "version":
                    break;
                case "services":
                    sawServices = true;
                    ReadServices(value, reader, services);
                    break;
                case "networks":
                    ReadMap(value, key, reader, (k, kn, v, p) => networks[k] = ReadNetwork(k, kn, v, p, reader));
                    break;
                case "volumes":
                    ReadMap(value, key, reader, (k, kn, v, p) => volumes[k] = ReadVolume(k, kn, v, p, reader));
                    break;
                default:
                    if (!key.StartsWith("x-", StringComparison.Ordinal))
                    {
                        reader.Error(keyNode, key, $"'{key}' is not a supported top-level key; WindFlow supports name, services, networks, volumes, version and x-* extensions");
                    }

                    break;
            }
        }

        if (!sawServices)
        {
            reader.Error(root, "services", "a 'services' section is required");
        }
        else if (services.Count == 0 && reader.Errors.Count == 0)
        {
            reader.Error(root, "services", "'services' must list at least one service");
        }

        return new ComposeProject(name, services, networks, volumes);
    }

    private static void ReadServices(YamlNode node, ComposeReader reader, Dictionary<string, ComposeService> services)
    {
        if (ComposeReader.IsNull(node))
        {
            reader.Error(node, "services", "'services' must list at least one service");
            return;
        }

        ReadMap(node, "services", reader, (name, keyNode, value, path) =>
        {
            if (!ServiceName().IsMatch(name))
            {
                reader.Error(keyNode, path, $"'{name}' is not a valid service name: use letters, digits, '.', '_' and '-'");
            }

            if (ComposeServiceReader.Read(name, keyNode, value, path, reader) is { } service)
            {
                services[name] = service;
            }
        });
    }

    private static void ReadMap(YamlNode node, string path, ComposeReader reader, Action<string, YamlNode, YamlNode, string> read)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return;
        }

        foreach (var (key, keyNode, value) in reader.Entries(mapping, path))
        {
            read(key, keyNode, value, ComposeReader.Join(path, key));
        }
    }

    private static ComposeNetwork ReadNetwork(string key, YamlNode keyNode, YamlNode node, string path, ComposeReader reader)
    {
        var network = new ComposeNetwork(key, null, null, new Dictionary<string, string>(), false, false, false, new Dictionary<string, string>(), null, ComposeReader.At(keyNode));
        if (ComposeReader.IsNull(node) || reader.Mapping(node, path) is not { } mapping)
        {
            return network;
        }

        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            network = k switch
            {
                "driver" => network with { Driver = reader.Scalar(v, p) },
                "driver_opts" => network with { DriverOptions = reader.Dictionary(v, p) ?? network.DriverOptions },
                "external" => network with { External = reader.Bool(v, p) ?? false },
                "name" => network with { Name = reader.Scalar(v, p) },
                "internal" => network with { Internal = reader.Bool(v, p) ?? false },
                "attachable" => network with { Attachable = reader.Bool(v, p) ?? false },
                "labels" => network with { Labels = reader.Dictionary(v, p) ?? network.Labels },
                "ipam" => network with { Ipam = ReadIpam(v, p, reader) },
                _ => Unsupported(network, kn, p, $"'{k}' is not a supported network key; WindFlow supports driver, driver_opts, external, name, internal, attachable, labels and ipam", reader),
            };
        }

        return network;
    }

    private static ComposeIpam? ReadIpam(YamlNode node, string path, ComposeReader reader)
    {
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return null;
        }

        string? driver = null;
        var pools = new List<ComposeIpamPool>();
        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            if (k == "driver")
            {
                driver = reader.Scalar(v, p);
            }
            else if (k == "config" && v is YamlSequenceNode sequence)
            {
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    pools.Add(ReadPool(item, $"{p}[{index++}]", reader));
                }
            }
            else if (k == "config")
            {
                reader.Error(v, p, $"expected a list of address pools, found {ComposeReader.Describe(v)}");
            }
            else
            {
                reader.Error(kn, p, $"'{k}' is not a supported ipam key; WindFlow supports driver and config");
            }
        }

        return new ComposeIpam(driver, pools);
    }

    private static ComposeIpamPool ReadPool(YamlNode node, string path, ComposeReader reader)
    {
        var pool = new ComposeIpamPool(null, null);
        if (reader.Mapping(node, path) is not { } mapping)
        {
            return pool;
        }

        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            pool = k switch
            {
                "subnet" => pool with { Subnet = reader.Scalar(v, p) },
                "gateway" => pool with { Gateway = reader.Scalar(v, p) },
                _ => Unsupported(pool, kn, p, $"'{k}' is not a supported ipam config key; WindFlow supports subnet and gateway", reader),
            };
        }

        return pool;
    }

    private static ComposeVolume ReadVolume(string key, YamlNode keyNode, YamlNode node, string path, ComposeReader reader)
    {
        var volume = new ComposeVolume(key, null, null, new Dictionary<string, string>(), false, new Dictionary<string, string>(), ComposeReader.At(keyNode));
        if (ComposeReader.IsNull(node) || reader.Mapping(node, path) is not { } mapping)
        {
            return volume;
        }

        foreach (var (k, kn, v) in reader.Entries(mapping, path))
        {
            var p = ComposeReader.Join(path, k);
            volume = k switch
            {
                "driver" => volume with { Driver = reader.Scalar(v, p) },
                "driver_opts" => volume with { DriverOptions = reader.Dictionary(v, p) ?? volume.DriverOptions },
                "external" => volume with { External = reader.Bool(v, p) ?? false },
                "name" => volume with { Name = reader.Scalar(v, p) },
                "labels" => volume with { Labels = reader.Dictionary(v, p) ?? volume.Labels },
                _ => Unsupported(volume, kn, p, $"'{k}' is not a supported volume key; WindFlow supports driver, driver_opts, external, name and labels", reader),
            };
        }

        return volume;
    }

    internal static T Unsupported<T>(T unchanged, YamlNode keyNode, string path, string message, ComposeReader reader)
    {
        reader.Error(keyNode, path, message);
        return unchanged;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlMarkPrefix();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ProjectName();

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex ServiceName();
}
