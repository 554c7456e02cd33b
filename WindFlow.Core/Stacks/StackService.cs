using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Compose;
using WindFlow.Core.Deployments;
using WindFlow.Core.Organizations;

namespace WindFlow.Core.Stacks;

/// <summary>What the user submits to create a stack or save a new version of it.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Description">What it runs.</param>
/// <param name="Category">Group in lists.</param>
/// <param name="Icon">Icon name.</param>
/// <param name="Tags">Search tags.</param>
/// <param name="Template">Compose template text.</param>
/// <param name="Variables">Variables schema.</param>
/// <param name="ChangeSummary">What changed (new versions).</param>
public sealed record StackInput(
    string? Name,
    string? Description,
    string? Category,
    string? Icon,
    IReadOnlyList<string>? Tags,
    string? Template,
    VariableSchema? Variables,
    string? ChangeSummary = null);

/// <summary>A stack with the content of one of its versions.</summary>
public sealed record StackDetails(Stack Stack, StackVersion Version, VariableSchema Variables);

/// <summary>The outcome of validating a template: every problem, and the rendered file when it rendered.</summary>
public sealed record StackCheck(IReadOnlyList<InputProblem> Problems, string? Rendered)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool IsValid => Problems.Count == 0;
}

/// <summary>Creates, versions, validates, imports and exports stacks; the API and the UI both go through it.</summary>
public sealed partial class StackService(
    IStackStore store,
    IDeploymentStore deployments,
    TemplateRenderer renderer,
    AccessGuard guard,
    IOptions<ComposePolicyOptions> policy,
    TimeProvider clock,
    AuditTrail audit)
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The stacks of the caller's organisation (or of every organisation they may read), ordered by name.</summary>
    public async Task<IReadOnlyList<Stack>> ListAsync(bool includeArchived, CancellationToken cancellationToken)
    {
        var visible = await guard.ListFilterAsync(Resource.Stack, cancellationToken);
        return (await store.ListAsync(includeArchived, cancellationToken)).Where(s => visible(s.OrganizationId)).ToList();
    }

    /// <summary>A stack with its latest version, or with version <paramref name="version"/>.</summary>
    public async Task<OperationResult<StackDetails>> GetAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        var stack = await FindAsync(id, ActionClass.Read, cancellationToken);
        if (stack is null)
        {
            return NotFound(id);
        }

        var content = await store.FindVersionAsync(id, version ?? stack.LatestVersion, cancellationToken);
        return content is null
            ? new OperationError(OperationErrorKind.NotFound, $"Stack {stack.Name} has no version {version}.")
            : OperationResult<StackDetails>.Ok(new StackDetails(stack, content, DeploymentCompiler.SchemaOf(content)));
    }

    /// <summary>Every version of a stack, newest first.</summary>
    public async Task<OperationResult<IReadOnlyList<StackVersion>>> VersionsAsync(Guid id, CancellationToken cancellationToken) =>
        await FindAsync(id, ActionClass.Read, cancellationToken) is null
            ? NotFound(id)
            : OperationResult<IReadOnlyList<StackVersion>>.Ok(await store.ListVersionsAsync(id, cancellationToken));

    /// <summary>
    /// Checks a template with its variables: schema, values (given, else defaults, else samples),
    /// rendering (strict), compose keys and organisation policy. Lines refer to the template (and
    /// to the rendered file for compose errors, the same lines unless block helpers add some).
    /// </summary>
    public StackCheck Validate(string template, VariableSchema variables, IReadOnlyDictionary<string, string?>? values = null)
    {
        var result = StackValidation.Validate(template, variables, values, renderer);
        var problems = new List<InputProblem>();
        problems.AddRange(result.SchemaErrors.Select(e => new InputProblem(
            e.Variable is null ? "variables" : $"variables.{e.Variable}", e.Message, e.Line > 0 ? e.Line : null, e.Column > 0 ? e.Column : null)));
        problems.AddRange(result.ValueErrors.Select(e => new InputProblem($"values.{e.Name}", e.Message)));
        problems.AddRange(result.TemplateErrors.Select(e => new InputProblem("template", e.Message, e.Line, e.Column)));
        if (result.RenderedText is { } rendered && problems.Count == 0)
        {
            var parsed = ComposeParser.Parse(rendered);
            var compose = parsed.Errors.ToList();
            if (parsed.Project is { } project)
            {
                compose.AddRange(ComposePolicy.Check(project, policy.Value));
            }

            problems.AddRange(compose.Select(e => new InputProblem("template", $"{e.Path}: {e.Message}", e.Line, e.Column)));
        }

        return new StackCheck(problems, result.RenderedText);
    }

    /// <summary>Creates a stack with its first version.</summary>
    public async Task<OperationResult<StackDetails>> CreateAsync(StackInput input, string? author, CancellationToken cancellationToken, string? templateId = null) =>
        await CreateInAsync(await guard.ResolveOrganizationAsync(cancellationToken), "stack.created", input, author, templateId, cancellationToken);

    // Duplicate and import create stacks too; each records its own action, once.
    private async Task<OperationResult<StackDetails>> CreateInAsync(Guid organizationId, string action, StackInput input, string? author, string? templateId, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(organizationId, Resource.Stack, ActionClass.Manage, cancellationToken);
        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var name = input.Name!.Trim();
        if (await store.NameExistsAsync(organizationId, name, null, cancellationToken))
        {
            return NameTaken(name);
        }

        var now = clock.GetUtcNow();
        var stack = new Stack { Id = Guid.NewGuid(), OrganizationId = organizationId, Name = name, LatestVersion = 1, TemplateId = templateId, CreatedAt = now };
        Describe(stack, input, now);
        var version = NewVersion(stack, 1, input.Template!, input.Variables!, input.ChangeSummary ?? "Created", author, now);
        return await audit.RecordedAsync(action, "stack", stack.Id.ToString(), await store.AddAsync(stack, version, cancellationToken)
            ? OperationResult<StackDetails>.Ok(new StackDetails(stack, version, input.Variables!))
            : NameTaken(name));
    }

    /// <summary>
    /// Saves a stack: a new version when the template or variables changed (versions are never
    /// edited), otherwise only its description.
    /// </summary>
    public async Task<OperationResult<StackDetails>> UpdateAsync(Guid id, StackInput input, string? author, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, ActionClass.Manage, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var current = await GetAsync(id, null, cancellationToken);
        if (!current.Succeeded)
        {
            return current;
        }

        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var (stack, latest, schema) = current.Value!;
        var name = input.Name!.Trim();
        if (await store.NameExistsAsync(stack.OrganizationId, name, id, cancellationToken))
        {
            return NameTaken(name);
        }

        var now = clock.GetUtcNow();
        stack.Name = name;
        Describe(stack, input, now);
        if (latest.Template == input.Template && schema.Equals(input.Variables))
        {
            return await audit.RecordedAsync("stack.updated", "stack", id.ToString(), await store.UpdateAsync(stack, cancellationToken) ? OperationResult<StackDetails>.Ok(new StackDetails(stack, latest, schema)) : NameTaken(name));
        }

        return await audit.RecordedAsync("stack.updated", "stack", id.ToString(), await AddVersionAsync(stack, input.Template!, input.Variables!, input.ChangeSummary ?? $"Version {stack.LatestVersion + 1}", author, cancellationToken));
    }

    /// <summary>Makes an old version the newest again, as a new version.</summary>
    public async Task<OperationResult<StackDetails>> RestoreAsync(Guid id, int version, string? author, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, ActionClass.Manage, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var old = await GetAsync(id, version, cancellationToken);
        return await audit.RecordedAsync("stack.restored", "stack", id.ToString(), old.Succeeded
            ? await AddVersionAsync(old.Value!.Stack, old.Value.Version.Template, old.Value.Variables, $"Restored version {version}", author, cancellationToken)
            : old);
    }

    /// <summary>Copies a stack's latest version into a new stack.</summary>
    public async Task<OperationResult<StackDetails>> DuplicateAsync(Guid id, string? newName, string? author, CancellationToken cancellationToken)
    {
        var source = await GetAsync(id, null, cancellationToken);
        if (!source.Succeeded)
        {
            return source;
        }

        var (stack, version, schema) = source.Value!;
        var name = string.IsNullOrWhiteSpace(newName) ? await FreeCopyNameAsync(stack.OrganizationId, stack.Name, cancellationToken) : newName.Trim();
        return await CreateInAsync(
            stack.OrganizationId,
            "stack.duplicated",
            new StackInput(name, stack.Description, stack.Category, stack.Icon, stack.Tags, version.Template, schema, $"Duplicated from {stack.Name} version {version.Number}"),
            author,
            null,
            cancellationToken);
    }

    /// <summary>Archives (hides, no new deployments) or restores a stack.</summary>
    public async Task<OperationResult<Stack>> SetArchivedAsync(Guid id, bool archived, CancellationToken cancellationToken)
    {
        var stack = await FindAsync(id, ActionClass.Manage, cancellationToken);
        if (stack is null)
        {
            return NotFound(id);
        }

        stack.Archived = archived;
        stack.UpdatedAt = clock.GetUtcNow();
        await store.UpdateAsync(stack, cancellationToken);
        return await audit.RecordedAsync(archived ? "stack.archived" : "stack.unarchived", "stack", id.ToString(), OperationResult<Stack>.Ok(stack));
    }

    /// <summary>Deletes a stack and its versions; refused while deployments use it.</summary>
    public async Task<OperationResult<bool>> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var stack = await FindAsync(id, ActionClass.Manage, cancellationToken);
        if (stack is null)
        {
            return NotFound(id);
        }

        var used = await deployments.CountForStackAsync(id, cancellationToken);
        if (used > 0)
        {
            return new OperationError(OperationErrorKind.Conflict, $"Stack {stack.Name} is used by {used} deployment(s); remove them first, or archive the stack.");
        }

        return await audit.RecordedAsync("stack.deleted", "stack", id.ToString(), OperationResult<bool>.Ok(await store.DeleteAsync(id, cancellationToken)));
    }

    /// <summary>Creates a stack from a stack document (YAML with metadata, template and variables).</summary>
    public async Task<OperationResult<StackDetails>> ImportAsync(string document, string? author, CancellationToken cancellationToken, string? templateId = null)
    {
        var organizationId = await guard.ResolveOrganizationAsync(cancellationToken);
        await guard.DemandAsync(organizationId, Resource.Stack, ActionClass.Manage, cancellationToken);
        var parsed = StackDocument.Parse(document ?? "");
        if (parsed.Document is not { } content || parsed.Errors.Count > 0)
        {
            return OperationError.Invalid(parsed.Errors.Select(e => new InputProblem("document", e.Message, e.Line, e.Column)).ToList());
        }

        return await CreateInAsync(
            organizationId,
            "stack.imported",
            new StackInput(content.Name, content.Description, content.Category, content.Icon, content.Tags, content.Template, content.Variables, "Imported"),
            author,
            templateId,
            cancellationToken);
    }

    /// <summary>A stack's version as a stack document.</summary>
    public async Task<OperationResult<string>> ExportAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        var details = await GetAsync(id, version, cancellationToken);
        if (!details.Succeeded)
        {
            return details.Error!;
        }

        var (stack, content, schema) = details.Value!;
        return OperationResult<string>.Ok(StackDocument.Write(
            new StackDocumentContent(stack.Name, stack.Description, stack.Category, stack.Icon, stack.Tags, content.Template, schema)));
    }

    // A stack of another organisation is reported as missing, one the caller may not touch as forbidden.
    private async Task<Stack?> FindAsync(Guid id, ActionClass action, CancellationToken cancellationToken)
    {
        var stack = await store.FindAsync(id, cancellationToken);
        if (stack is not null)
        {
            await guard.DemandAsync(stack.OrganizationId, Resource.Stack, action, cancellationToken);
        }

        return stack;
    }

    private async Task<OperationResult<StackDetails>> AddVersionAsync(
        Stack stack, string template, VariableSchema variables, string summary, string? author, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var number = stack.LatestVersion + 1;
        stack.LatestVersion = number;
        stack.UpdatedAt = now;
        var version = NewVersion(stack, number, template, variables, summary, author, now);
        return await store.AddVersionAsync(stack, version, cancellationToken)
            ? OperationResult<StackDetails>.Ok(new StackDetails(stack, version, variables))
            : new OperationError(OperationErrorKind.Conflict, $"Stack {stack.Name} was saved by someone else meanwhile (or its name is taken); reload it and save again.");
    }

    private OperationError? Check(StackInput input)
    {
        var problems = new List<InputProblem>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            problems.Add(new InputProblem("name", "Name is required."));
        }
        else if (name.Length > MaxNameLength)
        {
            problems.Add(new InputProblem("name", $"Name must be at most {MaxNameLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(input.Template))
        {
            problems.Add(new InputProblem("template", "Template is required: paste a compose file."));
        }
        else
        {
            problems.AddRange(Validate(input.Template, input.Variables ?? VariableSchema.Empty).Problems.Where(p => !p.Field.StartsWith("values.", StringComparison.Ordinal)));
        }

        if (input.Tags?.Any(t => !TagPattern().IsMatch(t)) == true)
        {
            problems.Add(new InputProblem("tags", "Tags are 1-30 letters, digits, '-', '_' or '.'."));
        }

        return problems.Count == 0 ? null : OperationError.Invalid(problems);
    }

    private static void Describe(Stack stack, StackInput input, DateTimeOffset now)
    {
        stack.Description = Blank(input.Description);
        stack.Category = Blank(input.Category);
        stack.Icon = Blank(input.Icon);
        stack.Tags = input.Tags?.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList() ?? [];
        stack.UpdatedAt = now;
    }

    private static StackVersion NewVersion(Stack stack, int number, string template, VariableSchema variables, string summary, string? author, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        StackId = stack.Id,
        Number = number,
        Template = template,
        VariablesJson = VariableSchemaJson.Write(variables),
        ChangeSummary = summary.Length > 500 ? summary[..500] : summary,
        Author = author,
        CreatedAt = now,
    };

    private async Task<string> FreeCopyNameAsync(Guid organizationId, string name, CancellationToken cancellationToken)
    {
        for (var i = 1; ; i++)
        {
            var candidate = i == 1 ? $"{name} (copy)" : $"{name} (copy {i})";
            if (!await store.NameExistsAsync(organizationId, candidate, null, cancellationToken))
            {
                return candidate;
            }
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static OperationError NotFound(Guid id) => new(OperationErrorKind.NotFound, $"No stack has id {id}.");

    private static OperationError NameTaken(string name) => new(OperationErrorKind.Conflict, $"A stack named {name} already exists.");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,30}$")]
    private static partial Regex TagPattern();
}
