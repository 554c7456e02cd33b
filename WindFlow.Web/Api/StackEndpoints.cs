using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;

namespace WindFlow.Web.Api;

/// <summary><c>/api/v1/stacks</c>: versioned compose templates with their variables.</summary>
internal static class StackEndpoints
{
    /// <summary>A stack body: <c>variables</c> maps each name to its definition.</summary>
    public sealed record StackRequest(
        string? Name, string? Description, string? Category, string? Icon, List<string>? Tags, string? Template, JsonElement? Variables, string? ChangeSummary);

    public sealed record ValidateRequest(string? Template, JsonElement? Variables, Dictionary<string, string?>? Values);

    public sealed record ProblemItem(string Field, string Message, int? Line, int? Column);

    public sealed record ValidateResponse(bool Valid, IReadOnlyList<ProblemItem> Problems, string? Rendered);

    public sealed record StackSummary(
        Guid Id, string Name, string? Description, string? Category, string? Icon, IReadOnlyList<string> Tags, int LatestVersion, bool Archived, DateTimeOffset UpdatedAt);

    public sealed record StackResponse(
        Guid Id,
        string Name,
        string? Description,
        string? Category,
        string? Icon,
        IReadOnlyList<string> Tags,
        int LatestVersion,
        bool Archived,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        int Version,
        string Template,
        JsonObject Variables,
        string? ChangeSummary);

    public sealed record VersionResponse(int Number, string? ChangeSummary, string? Author, DateTimeOffset CreatedAt, string Template, JsonObject Variables);

    public static RouteGroupBuilder MapStackEndpoints(this RouteGroupBuilder api)
    {
        // Any signed-in user for now; organisation roles (issue #5) will narrow this in StackService.
        var stacks = api.MapGroup("/stacks").WithTags("Stacks");
        stacks.MapGet("/", ListAsync).WithSummary("Stacks by name (archived ones with ?archived=true).").RequiresPermission(Resource.Stack, ActionClass.Read);
        stacks.MapPost("/", CreateAsync).WithSummary("Create a stack and its version 1.").RequiresPermission(Resource.Stack, ActionClass.Manage);
        stacks.MapPost("/validate", Validate).WithSummary("Render a template with sample values and report every problem with its line and column.").RequiresPermission(Resource.Stack, ActionClass.Read);
        stacks.MapPost("/import", ImportAsync).WithSummary("Create a stack from a stack document (YAML: metadata, template, variables).").RequiresPermission(Resource.Stack, ActionClass.Manage);
        stacks.MapGet("/{id:guid}", GetAsync).WithSummary("A stack with its latest version (or ?version=N).").RequiresPermission(Resource.Stack, ActionClass.Read);
        stacks.MapPut("/{id:guid}", UpdateAsync).WithSummary("Save a stack: adds a version when the template or variables changed.").RequiresPermission(Resource.Stack, ActionClass.Manage);
        stacks.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a stack and its versions; refused while deployments use it.").RequiresPermission(Resource.Stack, ActionClass.Manage);
        stacks.MapGet("/{id:guid}/versions", VersionsAsync).WithSummary("Every version, newest first.").RequiresPermission(Resource.Stack, ActionClass.Read);
        stacks.MapPost("/{id:guid}/versions/{version:int}/restore", RestoreAsync).WithSummary("Make an old version the newest, as a new version.").RequiresPermission(Resource.Stack, ActionClass.Manage);
        stacks.MapPost("/{id:guid}/duplicate", DuplicateAsync).WithSummary("Copy a stack under a new name.").RequiresPermission(Resource.Stack, ActionClass.Manage);
        stacks.MapPost("/{id:guid}/archive", ArchiveAsync).WithSummary("Archive (?archived=true, default) or unarchive a stack.").RequiresPermission(Resource.Stack, ActionClass.Manage);
        stacks.MapGet("/{id:guid}/export", ExportAsync).WithSummary("The stack as a YAML stack document.").RequiresPermission(Resource.Stack, ActionClass.Read);
        return api;
    }

    private static async Task<IResult> ListAsync(StackService service, CancellationToken cancellationToken, bool archived = false) =>
        TypedResults.Ok((await service.ListAsync(archived, cancellationToken))
            .Select(s => new StackSummary(s.Id, s.Name, s.Description, s.Category, s.Icon, s.Tags, s.LatestVersion, s.Archived, s.UpdatedAt))
            .ToList());

    private static async Task<IResult> GetAsync(Guid id, StackService service, CancellationToken cancellationToken, int? version = null) =>
        OperationProblems.OkOr(await service.GetAsync(id, version, cancellationToken), ToResponse);

    private static async Task<IResult> CreateAsync(StackRequest? request, StackService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (ToInput(request) is not { } input)
        {
            return Invalid(request);
        }

        var result = await service.CreateAsync(input, user.Identity?.Name, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/stacks/{result.Value!.Stack.Id}", ToResponse(result.Value))
            : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> UpdateAsync(Guid id, StackRequest? request, StackService service, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ToInput(request) is { } input
            ? OperationProblems.OkOr(await service.UpdateAsync(id, input, user.Identity?.Name, cancellationToken), ToResponse)
            : Invalid(request);

    private static IResult Validate(ValidateRequest? request, StackService service)
    {
        var schema = ParseVariables(request?.Variables);
        if (!schema.Succeeded)
        {
            return TypedResults.Ok(new ValidateResponse(false, ToItems(schema.Error!.Problems!), null));
        }

        var check = service.Validate(request?.Template ?? "", schema.Value!, request?.Values);
        return TypedResults.Ok(new ValidateResponse(check.IsValid, ToItems(check.Problems), check.Rendered));
    }

    private static async Task<IResult> ImportAsync(HttpRequest http, StackService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // The document is YAML; sent raw (text/yaml) or wrapped as {"document": "..."} by JSON clients.
        using var reader = new StreamReader(http.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        if (http.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                body = JsonNode.Parse(body)?["document"]?.GetValue<string>() ?? "";
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return OperationProblems.Of(OperationError.Invalid("document", "Send the YAML document as the body (text/yaml) or as {\"document\": \"...\"}."));
            }
        }

        var result = await service.ImportAsync(body, user.Identity?.Name, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/stacks/{result.Value!.Stack.Id}", ToResponse(result.Value))
            : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> ExportAsync(Guid id, StackService service, CancellationToken cancellationToken, int? version = null)
    {
        var result = await service.ExportAsync(id, version, cancellationToken);
        if (!result.Succeeded)
        {
            return OperationProblems.Of(result.Error!);
        }

        var stack = (await service.GetAsync(id, version, cancellationToken)).Value!;
        var fileName = $"{string.Concat(stack.Stack.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'))}-v{stack.Version.Number}.yaml";
        return TypedResults.File(Encoding.UTF8.GetBytes(result.Value!), "application/yaml", fileName);
    }

    private static async Task<IResult> DeleteAsync(Guid id, StackService service, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(id, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> VersionsAsync(Guid id, StackService service, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(
            await service.VersionsAsync(id, cancellationToken),
            versions => versions.Select(v => new VersionResponse(v.Number, v.ChangeSummary, v.Author, v.CreatedAt, v.Template, Variables(v))).ToList());

    private static async Task<IResult> RestoreAsync(Guid id, int version, StackService service, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        OperationProblems.OkOr(await service.RestoreAsync(id, version, user.Identity?.Name, cancellationToken), ToResponse);

    private static async Task<IResult> DuplicateAsync(Guid id, StackService service, ClaimsPrincipal user, CancellationToken cancellationToken, string? name = null)
    {
        var result = await service.DuplicateAsync(id, name, user.Identity?.Name, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/stacks/{result.Value!.Stack.Id}", ToResponse(result.Value))
            : OperationProblems.Of(result.Error!);
    }

    private static async Task<IResult> ArchiveAsync(Guid id, StackService service, CancellationToken cancellationToken, bool archived = true) =>
        OperationProblems.OkOr(await service.SetArchivedAsync(id, archived, cancellationToken), s => new { s.Id, s.Archived });

    private static OperationResult<VariableSchema> ParseVariables(JsonElement? variables)
    {
        if (variables is not { ValueKind: JsonValueKind.Object } json)
        {
            return variables is null or { ValueKind: JsonValueKind.Null }
                ? OperationResult<VariableSchema>.Ok(VariableSchema.Empty)
                : OperationError.Invalid("variables", "variables must be an object mapping each variable name to its definition.");
        }

        var parsed = VariableSchemaJson.Parse(json);
        return parsed.Succeeded
            ? OperationResult<VariableSchema>.Ok(parsed.Schema!)
            : OperationError.Invalid(parsed.Errors.Select(e => new InputProblem(e.Variable is null ? "variables" : $"variables.{e.Variable}", e.Message)).ToList());
    }

    private static StackInput? ToInput(StackRequest? request)
    {
        var schema = ParseVariables(request?.Variables);
        return schema.Succeeded
            ? new StackInput(request?.Name, request?.Description, request?.Category, request?.Icon, request?.Tags, request?.Template, schema.Value, request?.ChangeSummary)
            : null;
    }

    private static IResult Invalid(StackRequest? request) => OperationProblems.Of(ParseVariables(request?.Variables).Error!);

    private static List<ProblemItem> ToItems(IEnumerable<InputProblem> problems) =>
        problems.Select(p => new ProblemItem(p.Field, p.Message, p.Line, p.Column)).ToList();

    private static JsonObject Variables(StackVersion version) => JsonNode.Parse(version.VariablesJson) as JsonObject ?? [];

    private static StackResponse ToResponse(StackDetails details) => new(
        details.Stack.Id,
        details.Stack.Name,
        details.Stack.Description,
        details.Stack.Category,
        details.Stack.Icon,
        details.Stack.Tags,
        details.Stack.LatestVersion,
        details.Stack.Archived,
        details.Stack.CreatedAt,
        details.Stack.UpdatedAt,
        details.Version.Number,
        details.Version.Template,
        Variables(details.Version),
        details.Version.ChangeSummary);
}
