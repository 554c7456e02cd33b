using Microsoft.AspNetCore.Http.HttpResults;
using WindFlow.Core.Common;

namespace WindFlow.Web.Api;

/// <summary>Maps refused operations to problem+json, one way for stacks, deployments and runs.</summary>
internal static class OperationProblems
{
    /// <summary>
    /// 400 with the usual <c>errors</c> map (field -> messages, each with its line and column when
    /// known) and a <c>problems</c> list that editors use to put markers on the right line.
    /// </summary>
    public static IResult Of(OperationError error)
    {
        if (error.Kind == OperationErrorKind.Invalid)
        {
            var problems = error.Problems ?? [new InputProblem("request", error.Message)];
            var errors = problems
                .GroupBy(p => p.Field)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Line is { } line ? $"line {line}{(p.Column is { } c ? $", column {c}" : "")}: {p.Message}" : p.Message).ToArray());
            return TypedResults.ValidationProblem(
                errors,
                detail: error.Message,
                extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(p => new { field = p.Field, message = p.Message, line = p.Line, column = p.Column }).ToList() });
        }

        var (status, title) = error.Kind switch
        {
            OperationErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            OperationErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            OperationErrorKind.EngineFailed => (StatusCodes.Status502BadGateway, "Engine unavailable"),
            OperationErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            _ => (StatusCodes.Status400BadRequest, "Invalid request"),
        };
        return TypedResults.Problem(statusCode: status, title: title, detail: error.Message);
    }

    /// <summary>200 with the mapped value, or the problem.</summary>
    public static IResult OkOr<T, TResponse>(OperationResult<T> result, Func<T, TResponse> map) =>
        result.Succeeded ? TypedResults.Ok(map(result.Value!)) : Of(result.Error!);
}
