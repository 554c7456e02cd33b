using System.Text.RegularExpressions;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;

namespace WindFlow.Core.Organizations;

/// <summary>Organisations and their environments; the API and the UI both go through it.</summary>
public sealed partial class OrganizationService(IOrganizationStore store, AccessGuard guard, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The organisations the caller can see: all for super admins, their memberships otherwise.</summary>
    public async Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken)
    {
        var access = await guard.RequireUserAsync(cancellationToken);
        var all = await store.ListAsync(cancellationToken);
        return access.IsSuperAdmin ? all : all.Where(o => access.Memberships.ContainsKey(o.Id)).ToList();
    }

    /// <summary>One organisation the caller belongs to.</summary>
    public async Task<OperationResult<Organization>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(id, Resource.Organization, ActionClass.Read, cancellationToken);
        return await store.FindAsync(id, cancellationToken) is { } organization ? OperationResult<Organization>.Ok(organization) : NotFound();
    }

    /// <summary>Creates an organisation with the three standard environments (super admins only).</summary>
    public async Task<OperationResult<Organization>> CreateAsync(string? name, string? slug, CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.Organization, ActionClass.Manage, cancellationToken);
        if (Validate(name, slug) is { } invalid)
        {
            return invalid;
        }

        var organization = new Organization { Id = Guid.NewGuid(), Name = name!.Trim(), Slug = slug!.Trim(), CreatedAt = clock.GetUtcNow() };
        var created = await store.AddAsync(organization, OrganizationEnvironment.Standard(organization.Id), cancellationToken);
        await audit.RecordAsync("organization.created", "organization", organization.Id.ToString(), created ? AuditOutcome.Succeeded : AuditOutcome.Failed,
            created ? $"{organization.Name} ({organization.Slug})" : SlugTaken(organization.Slug).Message, organizationId: created ? organization.Id : null);
        return created ? OperationResult<Organization>.Ok(organization) : SlugTaken(organization.Slug);
    }

    /// <summary>Renames an organisation or changes its slug (super admins only).</summary>
    public async Task<OperationResult<Organization>> UpdateAsync(Guid id, string? name, string? slug, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(id, Resource.Organization, ActionClass.Manage, cancellationToken);
        var organization = await store.FindAsync(id, cancellationToken);
        if (organization is null)
        {
            return NotFound();
        }

        if (Validate(name, slug) is { } invalid)
        {
            return invalid;
        }

        organization.Name = name!.Trim();
        organization.Slug = slug!.Trim();
        return await audit.RecordedAsync("organization.updated", "organization", id.ToString(),
            await store.UpdateAsync(organization, cancellationToken) ? OperationResult<Organization>.Ok(organization) : SlugTaken(organization.Slug));
    }

    /// <summary>Deletes an empty organisation (super admins only); one that still owns resources is a conflict.</summary>
    public async Task<OperationResult<Guid>> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(id, Resource.Organization, ActionClass.Manage, cancellationToken);
        if (await store.HasResourcesAsync(id, cancellationToken))
        {
            // Deleting would orphan deployments that still run somewhere: the admin moves or removes them first.
            return await audit.RecordedAsync("organization.deleted", "organization", id.ToString(), (OperationResult<Guid>)new OperationError(
                OperationErrorKind.Conflict, "The organisation still owns targets, stacks or deployments: remove them first."));
        }

        return await audit.RecordedAsync("organization.deleted", "organization", id.ToString(), await store.DeleteAsync(id, cancellationToken) ? OperationResult<Guid>.Ok(id) : NotFound());
    }

    /// <summary>The organisation's environments.</summary>
    public async Task<OperationResult<IReadOnlyList<OrganizationEnvironment>>> ListEnvironmentsAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(organizationId, Resource.Environment, ActionClass.Read, cancellationToken);
        return await store.FindAsync(organizationId, cancellationToken) is null
            ? NotFound()
            : OperationResult<IReadOnlyList<OrganizationEnvironment>>.Ok(await store.ListEnvironmentsAsync(organizationId, cancellationToken));
    }

    /// <summary>Adds an environment; a standard name gets its kind, any other name is custom.</summary>
    public async Task<OperationResult<OrganizationEnvironment>> CreateEnvironmentAsync(Guid organizationId, string? name, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(organizationId, Resource.Environment, ActionClass.Manage, cancellationToken);
        if (await store.FindAsync(organizationId, cancellationToken) is null)
        {
            return NotFound();
        }

        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 64 || !SlugPattern().IsMatch(trimmed))
        {
            return OperationError.Invalid("name", "Use 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit.");
        }

        var kind = Enum.TryParse<EnvironmentKind>(trimmed, ignoreCase: true, out var standard) && standard != EnvironmentKind.Custom ? standard : EnvironmentKind.Custom;
        var environment = new OrganizationEnvironment { Id = Guid.NewGuid(), OrganizationId = organizationId, Name = trimmed, Kind = kind };
        return await audit.RecordedAsync("environment.created", "environment", environment.Id.ToString(), await store.AddEnvironmentAsync(environment, cancellationToken)
            ? OperationResult<OrganizationEnvironment>.Ok(environment)
            : new OperationError(OperationErrorKind.Conflict, $"An environment named '{trimmed}' already exists in this organisation."));
    }

    /// <summary>Removes an environment; one that still holds targets, or the organisation's last one, is a conflict.</summary>
    public async Task<OperationResult<Guid>> DeleteEnvironmentAsync(Guid organizationId, Guid environmentId, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(organizationId, Resource.Environment, ActionClass.Manage, cancellationToken);
        var environment = await store.FindEnvironmentAsync(environmentId, cancellationToken);
        if (environment is null || environment.OrganizationId != organizationId)
        {
            return new OperationError(OperationErrorKind.NotFound, "No such environment.");
        }

        if (await store.EnvironmentHasTargetsAsync(environmentId, cancellationToken))
        {
            return new OperationError(OperationErrorKind.Conflict, $"Targets are still placed in '{environment.Name}': move or remove them first.");
        }

        // New targets go to an environment of the organisation: it always keeps one.
        if ((await store.ListEnvironmentsAsync(organizationId, cancellationToken)).Count <= 1)
        {
            return new OperationError(OperationErrorKind.Conflict, "An organisation keeps at least one environment.");
        }

        return await audit.RecordedAsync("environment.deleted", "environment", environmentId.ToString(), await store.DeleteEnvironmentAsync(environmentId, cancellationToken)
            ? OperationResult<Guid>.Ok(environmentId)
            : new OperationError(OperationErrorKind.NotFound, "No such environment."));
    }

    private static OperationError? Validate(string? name, string? slug)
    {
        var problems = new List<InputProblem>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            problems.Add(new InputProblem("name", "Give a name of 1 to 100 characters."));
        }

        if (string.IsNullOrWhiteSpace(slug) || slug.Trim().Length > 64 || !SlugPattern().IsMatch(slug.Trim()))
        {
            problems.Add(new InputProblem("slug", "Use 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit."));
        }

        return problems.Count == 0 ? null : OperationError.Invalid(problems);
    }

    private static OperationError NotFound() => new(OperationErrorKind.NotFound, "No such organisation.");

    private static OperationError SlugTaken(string slug) => new(OperationErrorKind.Conflict, $"The slug '{slug}' is already used by another organisation.");

    // Slugs appear in URLs and in SSO group paths (/windflow/acme/operators).
    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex SlugPattern();
}
