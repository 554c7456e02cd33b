using System.Text;
using HandlebarsDotNet;
using HandlebarsDotNet.IO;

namespace WindFlow.Core.Stacks;

/// <summary>The helpers a stack template may use, and value formatting that suits YAML (<c>true</c>, not <c>True</c>).</summary>
internal static class TemplateHelpers
{
    public static void Register(IHandlebars handlebars)
    {
        handlebars.RegisterHelper("default", (_, args) =>
        {
            Expect("default", args, 2, "{{default PORT 8080}}");
            return args[0] is null || (args[0] is string s && s.Length == 0) ? args[1] : args[0];
        });
        handlebars.RegisterHelper("lower", (_, args) => Text("lower", args).ToLowerInvariant());
        handlebars.RegisterHelper("upper", (_, args) => Text("upper", args).ToUpperInvariant());
        handlebars.RegisterHelper("base64", (_, args) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Text("base64", args))));
        handlebars.RegisterHelper("eq", (_, args) =>
        {
            Expect("eq", args, 2, "{{#if (eq MODE \"prod\")}}");
            return VariableTypeNames.FormatValue(args[0]) == VariableTypeNames.FormatValue(args[1]);
        });
        handlebars.Configuration.FormatterProviders.Add(new InvariantFormatterProvider());
    }

    private static string Text(string helper, Arguments args)
    {
        Expect(helper, args, 1, $"{{{{{helper} NAME}}}}");
        return VariableTypeNames.FormatValue(args[0]);
    }

    private static void Expect(string helper, Arguments args, int count, string example)
    {
        if (args.Length != count)
        {
            throw new TemplateHelperException(helper, $"'{helper}' takes {count} argument{(count == 1 ? "" : "s")} ({example}), not {args.Length}.");
        }
    }

    private sealed class InvariantFormatterProvider : IFormatterProvider, IFormatter
    {
        public bool TryCreateFormatter(Type type, out IFormatter formatter)
        {
            formatter = this;
            return type == typeof(bool) || type == typeof(double) || type == typeof(float);
        }

        public void Format<T>(T value, in EncodedTextWriter writer) => writer.Write(VariableTypeNames.FormatValue(value), false);
    }
}

/// <summary>A helper was called wrongly; carries the helper name so the error can be located in the template.</summary>
internal sealed class TemplateHelperException(string helper, string message) : Exception(message)
{
    public string Helper { get; } = helper;
}
