using Microsoft.AspNetCore.Http.HttpResults;
using WindFlow.Core.Targets;

namespace WindFlow.Web.Api;

/// <summary>Maps refused target and engine operations to problem+json answers, one way for every endpoint.</summary>
internal static class TargetProblems
{
    // The field name is the errors key, as for every other validation problem of the API.
    public static ValidationProblem Validation(TargetError error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field ?? "request"] = [error.Message] }, detail: error.Message);

    public static ProblemHttpResult Problem(TargetError error) => error.Kind switch
    {
        TargetErrorKind.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Target not found", detail: error.Message),
        TargetErrorKind.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Target name taken", detail: error.Message),
        TargetErrorKind.EngineObjectNotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found on the engine", detail: error.Message),
        TargetErrorKind.EngineConflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Refused by the engine", detail: error.Message),
        TargetErrorKind.EngineFailed => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Engine unavailable", detail: error.Message),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: error.Message),
    };

    /// <summary>A validation problem for invalid input, another problem for the rest.</summary>
    public static IResult Of(TargetError error) => error.Kind == TargetErrorKind.Invalid ? Validation(error) : Problem(error);

    /// <summary>200 with the value, or the problem.</summary>
    public static IResult OkOr<T>(TargetResult<T> result) => result.Succeeded ? TypedResults.Ok(result.Value) : Of(result.Error!);

    /// <summary>204, or the problem.</summary>
    public static IResult NoContentOr<T>(TargetResult<T> result) => result.Succeeded ? TypedResults.NoContent() : Of(result.Error!);
}
