using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Expressions;

/// <summary>A parsed expression (see <see cref="ExpressionParser"/>); evaluate it with <see cref="ExpressionEvaluator"/>.</summary>
public abstract record Expression(int Position);

/// <summary>A string, number, boolean or null literal.</summary>
public sealed record LiteralExpression(JsonNode? Value, int Position) : Expression(Position);

/// <summary>
/// A value looked up by path: <c>trigger.body.tag</c>, <c>nodes.deploy.output.revision</c>,
/// <c>vars.x</c>, <c>secrets.NAME</c>; segments are property names or array indexes.
/// </summary>
public sealed record PathExpression(string Root, IReadOnlyList<PathSegment> Segments, int Position) : Expression(Position);

/// <summary>One step of a path: a property name, or an index when <see cref="Index"/> is set.</summary>
public sealed record PathSegment(string Name, int? Index, int Position);

/// <summary><c>!operand</c>.</summary>
public sealed record NotExpression(Expression Operand, int Position) : Expression(Position);

/// <summary>A comparison or logical operation; <see cref="Operator"/> is written as in the source (<c>==</c>, <c>&amp;&amp;</c>...).</summary>
public sealed record BinaryExpression(string Operator, Expression Left, Expression Right, int Position) : Expression(Position);
