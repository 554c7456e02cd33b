using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Core.Compose;

/// <summary>Typed reads of YAML nodes that record an error at the node instead of throwing.</summary>
internal sealed class ComposeReader
{
    private readonly List<ComposeError> _errors = [];

    public IReadOnlyList<ComposeError> Errors => _errors;

    public static ComposeLocation At(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } s && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public void Error(YamlNode node, string path, string message) => Error(At(node), path, message);

    public void Error(ComposeLocation location, string path, string message) =>
        _errors.Add(new ComposeError(location, path, message));

    /// <summary>The mapping's entries; keys that are not plain values are reported and skipped.</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping, string path)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } key })
            {
                yield return (key, keyNode, value);
            }
            else
            {
                Error(keyNode, path, "a key must be a plain name, not a list or a mapping");
            }
        }
    }

    public YamlMappingNode? Mapping(YamlNode node, string path)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Error(node, path, $"expected a mapping (key: value lines), found {Describe(node)}");
        return null;
    }

    public string? Scalar(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            return scalar.Value ?? "";
        }

        Error(node, path, $"expected a single value, found {Describe(node)}");
        return null;
    }

    public bool? Bool(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Error(node, path, $"expected true or false, found '{text}'");
                return null;
        }
    }

    public int? Int(YamlNode node, string path, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Scalar(node, path);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == int.MaxValue ? $"a whole number of at least {min}" : $"a whole number from {min} to {max}";
        Error(node, path, $"expected {range}, found '{text}'");
        return null;
    }

    public double? PositiveNumber(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        Error(node, path, $"expected a positive number such as 0.5 or 2, found '{text}'");
        return null;
    }

    public long? Bytes(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        if (text is null)
        {
            return null;
        }

        if (ComposeValues.TryParseBytes(text, out var bytes))
        {
            return bytes;
        }

        Error(node, path, $"expected a size such as 512m, 1g or 2048k, found '{text}'");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        if (text is null)
        {
            return null;
        }

        if (ComposeValues.TryParseDuration(text, out var duration))
        {
            return duration;
        }

        Error(node, path, $"expected a duration such as 10s, 1m30s, 500ms or 1h, found '{text}'");
        return null;
    }

    public string? OneOf(YamlNode node, string path, params string[] allowed)
    {
        var text = Scalar(node, path);
        if (text is null || allowed.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        Error(node, path, $"'{text}' is not valid here; use one of: {string.Join(", ", allowed)}");
        return null;
    }

    public IReadOnlyList<string>? StringList(YamlNode node, string path)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, path, $"expected a list, found {Describe(node)}");
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            if (Scalar(item, $"{path}[{index}]") is { } text)
            {
                items.Add(text);
            }

            index++;
        }

        return items;
    }

    public IReadOnlyList<string>? StringOrList(YamlNode node, string path) =>
        node is YamlScalarNode && !IsNull(node) ? [((YamlScalarNode)node).Value ?? ""] : StringList(node, path);

    /// <summary>
    /// A <c>key: value</c> mapping or a list of <c>key=value</c> entries (a list entry without '='
    /// gets an empty value).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Dictionary(YamlNode node, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlSequenceNode sequence)
        {
            var index = 0;
            foreach (var item in sequence.Children)
            {
                if (Scalar(item, $"{path}[{index}]") is { } text)
                {
                    var eq = text.IndexOf('=', StringComparison.Ordinal);
                    result[eq < 0 ? text : text[..eq]] = eq < 0 ? "" : text[(eq + 1)..];
                }

                index++;
            }

            return result;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"expected a mapping or a list of key=value entries, found {Describe(node)}");
            return null;
        }

        foreach (var (key, _, value) in Entries(mapping, path))
        {
            result[key] = IsNull(value) ? "" : Scalar(value, Join(path, key)) ?? "";
        }

        return result;
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an unsupported value",
    };
}
