using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Expressions;

/// <summary>
/// The <c>{{ expression }}</c> placeholders inside setting strings. A string that is exactly one
/// placeholder takes the value's JSON type (so <c>"{{ nodes.a.output }}"</c> can pass an object);
/// otherwise each value is written into the text (strings as they are, null as nothing, others as JSON).
/// </summary>
public static class TemplateText
{
    /// <summary>The parsed placeholders of <paramref name="text"/>, with their spans.</summary>
    /// <exception cref="ExpressionException">A placeholder is not closed or not a valid expression.</exception>
    public static IReadOnlyList<Placeholder> Parse(string text)
    {
        var placeholders = new List<Placeholder>();
        var at = 0;
        while ((at = text.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            var close = text.IndexOf("}}", at + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ExpressionException($"Expected '}}}}' to close the placeholder opened at position {at}", at);
            }

            var expression = ExpressionParser.Parse(text[(at + 2)..close], at + 2);
            placeholders.Add(new Placeholder(at, close + 2 - at, expression));
            at = close + 2;
        }

        return placeholders;
    }

    /// <summary>Every path used by placeholders anywhere in a JSON value (strings inside objects and arrays included).</summary>
    public static IEnumerable<PathExpression> Paths(JsonNode? value) => Strings(value)
        .SelectMany(text => Parse(text).SelectMany(p => ExpressionParser.Paths(p.Expression)));

    /// <summary>Every string inside a JSON value.</summary>
    public static IEnumerable<string> Strings(JsonNode? value) => value switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => [scalar.GetValue<string>()],
        _ => [],
    };

    /// <summary>A copy of <paramref name="value"/> with every placeholder in its strings replaced.</summary>
    public static JsonNode? Render(JsonNode? value, ExpressionScope scope) => value switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Render(p.Value, scope)))),
        JsonArray array => new JsonArray([.. array.Select(item => Render(item, scope))]),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => RenderString(scalar.GetValue<string>(), scope),
        _ => value?.DeepClone(),
    };

    private static JsonNode? RenderString(string text, ExpressionScope scope)
    {
        var placeholders = Parse(text);
        if (placeholders.Count == 0)
        {
            return JsonValue.Create(text);
        }

        if (placeholders is [var only] && only.Start == 0 && only.Length == text.Length)
        {
            return ExpressionEvaluator.Evaluate(only.Expression, scope);
        }

        var builder = new StringBuilder();
        var at = 0;
        foreach (var placeholder in placeholders)
        {
            builder.Append(text, at, placeholder.Start - at);
            var result = ExpressionEvaluator.Evaluate(placeholder.Expression, scope);
            builder.Append(ExpressionEvaluator.Kind(result) switch
            {
                JsonValueKind.Null => "",
                JsonValueKind.String => result!.GetValue<string>(),
                _ => result!.ToJsonString(),
            });
            at = placeholder.Start + placeholder.Length;
        }

        return JsonValue.Create(builder.Append(text, at, text.Length - at).ToString());
    }
}

/// <summary>One <c>{{ ... }}</c> in a string.</summary>
/// <param name="Start">Offset of the opening braces.</param>
/// <param name="Length">Length including both pairs of braces.</param>
/// <param name="Expression">The parsed expression.</param>
public sealed record Placeholder(int Start, int Length, Expression Expression);
