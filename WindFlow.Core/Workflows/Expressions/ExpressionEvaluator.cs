using System.Text.Json;
using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Expressions;

/// <summary>
/// Evaluates parsed expressions over JSON values. No implicit conversions: <c>==</c> between a
/// string and a number is false, ordering needs two numbers or two strings (ordinal), and
/// <c>&amp;&amp; || !</c> need booleans, so a typo fails loudly instead of quietly taking a branch.
/// A missing property yields null.
/// </summary>
public static class ExpressionEvaluator
{
    /// <summary>Evaluates <paramref name="expression"/>; the result is a fresh node the caller may keep.</summary>
    /// <exception cref="ExpressionException">A value has the wrong type or a node or secret is unknown.</exception>
    public static JsonNode? Evaluate(Expression expression, ExpressionScope scope) => expression switch
    {
        LiteralExpression literal => literal.Value?.DeepClone(),
        PathExpression path => Resolve(path, scope)?.DeepClone(),
        NotExpression not => JsonValue.Create(!Boolean(not.Operand, scope, "!")),
        BinaryExpression binary => JsonValue.Create(Binary(binary, scope)),
        _ => throw new ArgumentOutOfRangeException(nameof(expression)),
    };

    /// <summary>Evaluates a condition, which must produce a boolean.</summary>
    public static bool EvaluateCondition(Expression expression, ExpressionScope scope)
    {
        var value = Evaluate(expression, scope);
        return Kind(value) switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            var kind => throw new ExpressionException($"The condition must be true or false but is {Describe(kind)}", expression.Position),
        };
    }

    /// <summary>The JSON kind of a value (null for a missing value).</summary>
    public static JsonValueKind Kind(JsonNode? value) => value?.GetValueKind() ?? JsonValueKind.Null;

    private static bool Binary(BinaryExpression binary, ExpressionScope scope)
    {
        switch (binary.Operator)
        {
            case "&&":
                return Boolean(binary.Left, scope, "&&") && Boolean(binary.Right, scope, "&&");
            case "||":
                return Boolean(binary.Left, scope, "||") || Boolean(binary.Right, scope, "||");
        }

        var left = Evaluate(binary.Left, scope);
        var right = Evaluate(binary.Right, scope);
        switch (binary.Operator)
        {
            case "==":
                return JsonNode.DeepEquals(left, right);
            case "!=":
                return !JsonNode.DeepEquals(left, right);
        }

        int order;
        var (leftKind, rightKind) = (Kind(left), Kind(right));
        if (leftKind == JsonValueKind.Number && rightKind == JsonValueKind.Number)
        {
            order = JsonNumber.ToDouble(left!).CompareTo(JsonNumber.ToDouble(right!));
        }
        else if (leftKind == JsonValueKind.String && rightKind == JsonValueKind.String)
        {
            order = string.CompareOrdinal(left!.GetValue<string>(), right!.GetValue<string>());
        }
        else
        {
            throw new ExpressionException(
                $"Operator '{binary.Operator}' at position {binary.Position} needs two numbers or two strings but got {Describe(leftKind)} and {Describe(rightKind)}",
                binary.Position);
        }

        return binary.Operator switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }

    private static bool Boolean(Expression operand, ExpressionScope scope, string op) => Kind(Evaluate(operand, scope)) switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        var kind => throw new ExpressionException(
            $"Operator '{op}' needs true or false at position {operand.Position} but got {Describe(kind)}", operand.Position),
    };

    private static JsonNode? Resolve(PathExpression path, ExpressionScope scope)
    {
        var segments = path.Segments;
        JsonNode? current;
        var start = 0;
        switch (path.Root)
        {
            case "trigger":
                current = scope.Trigger;
                break;
            case "vars":
                current = scope.Vars;
                break;
            case "nodes" or "secrets" when segments.Count == 0:
                throw new ExpressionException($"Expected a name after '{path.Root}' at position {path.Position}", path.Position);
            case "nodes":
                if (!scope.Nodes.TryGetValue(segments[0].Name, out current))
                {
                    throw new ExpressionException(
                        $"Node '{segments[0].Name}' at position {segments[0].Position} has no result: it is unknown or has not run before this node",
                        segments[0].Position);
                }

                start = 1;
                break;
            default:
                if (!scope.Secrets.TryGetValue(segments[0].Name, out var secret))
                {
                    throw new ExpressionException($"Secret '{segments[0].Name}' at position {segments[0].Position} is not defined", segments[0].Position);
                }

                return segments.Count == 1
                    ? JsonValue.Create(secret)
                    : throw new ExpressionException($"A secret is text and has no '{segments[1].Name}' at position {segments[1].Position}", segments[1].Position);
        }

        for (var i = start; i < segments.Count && current is not null; i++)
        {
            var segment = segments[i];
            current = current switch
            {
                JsonObject obj => obj[segment.Name],
                JsonArray array when segment.Index is { } index => index < array.Count ? array[index] : null,
                _ => null,
            };
        }

        return current;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "a " + kind.ToString().ToLowerInvariant(),
    };
}
