using Microsoft.AspNetCore.Http.HttpResults;
using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/targets</c>: register, edit, test and remove Docker targets. Credentials are write-only.</summary>
internal static class TargetEndpoints
{
    /// <summary>Write-only secrets; null fields are absent, an object with only empty fields clears them.</summary>
    public sealed record CredentialsRequest(string? CaPem, string? CertPem, string? KeyPem, string? SshPrivateKey);

    public sealed record TargetRequest(string? Name, string? Endpoint, Dictionary<string, string>? Labels, CredentialsRequest? Credentials, Guid? EnvironmentId = null);

    /// <summary>A target as callers see it: never its credentials, only whether it has some.</summary>
    public sealed record TargetResponse(
        Guid Id,
        Guid OrganizationId,
        Guid EnvironmentId,
        string Name,
        string Endpoint,
        IReadOnlyDictionary<string, string> Labels,
        string Status,
        string? StatusMessage,
        DateTimeOffset? LastSeen,
        string? EngineVersion,
        string? ApiVersion,
        bool HasCredentials);

    public sealed record TestResponse(bool Success, string? Message, TargetResponse Target, EngineInfo? Engine);

    public static RouteGroupBuilder MapTargetEndpoints(this RouteGroupBuilder api)
    {
        var targets = api.MapGroup("/targets").WithTags("Targets");
        targets.MapGet("/", ListAsync).WithSummary("All targets, by name.").RequiresPermission(Resource.Target, ActionClass.Read);
        targets.MapPost("/", CreateAsync).WithSummary("Register a target; credentials are stored encrypted and never returned.").RequiresPermission(Resource.Target, ActionClass.Manage);
        targets.MapGet("/{id:guid}", GetAsync).WithSummary("One target.").RequiresPermission(Resource.Target, ActionClass.Read);
        targets.MapPut("/{id:guid}", UpdateAsync)
            .WithSummary("Replace name and endpoint; labels and credentials are kept when omitted, credentials with only empty fields are cleared.").RequiresPermission(Resource.Target, ActionClass.Manage);
        targets.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Remove a target; its containers are left running.").RequiresPermission(Resource.Target, ActionClass.Manage);
        targets.MapPost("/{id:guid}/test", TestAsync).WithSummary("Test the connection and update the target's status.").RequiresPermission(Resource.Target, ActionClass.Operate);
        return api;
    }

    private static async Task<Ok<List<TargetResponse>>> ListAsync(TargetService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.ListAsync(cancellationToken)).Select(ToResponse).ToList());

    private static async Task<Results<Ok<TargetResponse>, ProblemHttpResult>> GetAsync(Guid id, TargetService service, CancellationToken cancellationToken)
    {
        var result = await service.GetAsync(id, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(ToResponse(result.Value!)) : Problem(result.Error!);
    }

    private static async Task<Results<Created<TargetResponse>, ProblemHttpResult, ValidationProblem>> CreateAsync(
        TargetRequest? request, TargetService service, CancellationToken cancellationToken)
    {
        var result = await service.CreateAsync(ToInput(request), cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Created($"/api/v1/targets/{result.Value!.Id}", ToResponse(result.Value)),
            { Kind: TargetErrorKind.Invalid } error => Validation(error),
            var error => Problem(error),
        };
    }

    private static async Task<Results<Ok<TargetResponse>, ProblemHttpResult, ValidationProblem>> UpdateAsync(
        Guid id, TargetRequest? request, TargetService service, CancellationToken cancellationToken)
    {
        var result = await service.UpdateAsync(id, ToInput(request), cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Ok(ToResponse(result.Value!)),
            { Kind: TargetErrorKind.Invalid } error => Validation(error),
            var error => Problem(error),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, TargetService service, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(id, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : Problem(result.Error!);
    }

    // A failed test is a successful request: the answer is the new status and the engine's message.
    private static async Task<Results<Ok<TestResponse>, ProblemHttpResult>> TestAsync(Guid id, TargetService service, CancellationToken cancellationToken)
    {
        var result = await service.TestConnectionAsync(id, cancellationToken);
        if (!result.Succeeded)
        {
            return Problem(result.Error!);
        }

        var test = result.Value!;
        return TypedResults.Ok(new TestResponse(test.Succeeded, test.Error, ToResponse(test.Target), test.Info));
    }

    private static TargetInput ToInput(TargetRequest? request) => new(
        request?.Name,
        request?.Endpoint,
        request?.Labels,
        request?.Credentials is { } c ? new EngineCredentials(c.CaPem, c.CertPem, c.KeyPem, c.SshPrivateKey) : null,
        request?.EnvironmentId);

    private static TargetResponse ToResponse(Target target) => new(
        target.Id,
        target.OrganizationId,
        target.EnvironmentId,
        target.Name,
        target.Endpoint,
        target.Labels,
        target.Status.ToString().ToLowerInvariant(),
        target.StatusMessage,
        target.LastSeenAt,
        target.EngineVersion,
        target.ApiVersion,
        target.HasCredentials);

    private static ValidationProblem Validation(TargetError error) => TargetProblems.Validation(error);

    private static ProblemHttpResult Problem(TargetError error) => TargetProblems.Problem(error);
}
