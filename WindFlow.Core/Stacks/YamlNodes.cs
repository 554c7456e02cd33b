using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace WindFlow.Core.Stacks;

/// <summary>Reading and writing YAML with the representation model, keeping positions for error messages.</summary>
internal static class YamlNodes
{
    private static readonly string[] NullTexts = ["", "~", "null", "Null", "NULL"];

    /// <summary>Loads a single-document YAML text; null with an error when it does not parse.</summary>
    public static YamlNode? Load(string yaml, out (int Line, int Column, string Message)? error)
    {
        error = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode.Start;
                error = ((int)second.Line, (int)second.Column, "Only one YAML document is allowed; remove the '---' separator and what follows.");
                return null;
            }

            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
            error = ((int)ex.Start.Line, (int)ex.Start.Column, $"Invalid YAML: {message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some malformed flow collections, without a position.
            error = (0, 0, "Invalid YAML: the text could not be read; check for an unclosed '{', '[' or quote.");
            return null;
        }
    }

    public static RawNode ToRaw(YamlNode node)
    {
        var line = (int)node.Start.Line;
        var column = (int)node.Start.Column;
        return node switch
        {
            YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } plain when NullTexts.Contains(plain.Value ?? "")
                => new RawNode(RawKind.Null, null, line, column),
            YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } plain => new RawNode(RawKind.Plain, plain.Value, line, column),
            YamlScalarNode text => new RawNode(RawKind.Text, text.Value ?? "", line, column),
            YamlSequenceNode sequence => new RawNode(RawKind.Sequence, null, line, column) { Items = [.. sequence.Children.Select(ToRaw)] },
            YamlMappingNode mapping => new RawNode(RawKind.Mapping, null, line, column)
            {
                Entries = [.. mapping.Children.Select(c => new KeyValuePair<RawNode, RawNode>(ToRaw(c.Key), ToRaw(c.Value)))],
            },
            _ => new RawNode(RawKind.Null, null, line, column),
        };
    }

    /// <summary>A string scalar that reads back as the same string (quoted when plain would mean null, a boolean or a number).</summary>
    public static YamlScalarNode Text(string value)
    {
        var ambiguous = NullTexts.Contains(value)
            || VariableValueRules.TryParseBoolean(value, out _)
            || VariableValueRules.TryParseNumber(value, out _)
            || value != value.Trim();
        return new YamlScalarNode(value) { Style = ambiguous ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };
    }

    public static YamlScalarNode Plain(string value) => new(value) { Style = ScalarStyle.Plain };

    public static YamlSequenceNode FlowList(IEnumerable<string> values)
    {
        var sequence = new YamlSequenceNode(values.Select(Text)) { Style = SequenceStyle.Flow };
        return sequence;
    }

    public static string Save(YamlNode root)
    {
        var writer = new StringWriter { NewLine = "\n" };
        // A very wide line limit keeps long strings on one line instead of folding them.
        new YamlStream(new YamlDocument(root)).Save(new Emitter(writer, 2, 100_000), assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}
