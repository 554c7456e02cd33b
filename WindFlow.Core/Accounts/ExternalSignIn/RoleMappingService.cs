using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;

namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>The role mapping rules of the settings page and <c>/api/v1/settings/role-mappings</c>; super admins only.</summary>
public sealed class RoleMappingService(IRoleMappingStore store, IOrganizationStore organizations, RoleMappingCatalog catalog, AccessGuard guard, AuditTrail audit, TimeProvider clock)
{
    private const string ResourceType = "role_mapping";

    // The unmapped-users rule is one per installation; audit rows name it rather than an id.
    private const string UnmappedResourceId = "unmapped-users";

    /// <summary>The effective mapping: configuration rules, then settings rules.</summary>
    public async Task<IReadOnlyList<EffectiveRoleMapping>> ListAsync(CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.Settings, ActionClass.Read, cancellationToken);
        return await catalog.EffectiveAsync(cancellationToken);
    }

    /// <summary>Adds a rule; it applies from the next sign-in or bearer request.</summary>
    public async Task<OperationResult<EffectiveRoleMapping>> CreateAsync(
        ExternalClaimKind claim, string? value, Guid? organizationId, OrganizationRoleGrant role, CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.Settings, ActionClass.Manage, cancellationToken);
        var superAdmin = role == OrganizationRoleGrant.SuperAdmin;
        var organization = !superAdmin && organizationId is { } id ? await organizations.FindAsync(id, cancellationToken) : null;
        // Validated with the id standing in for the slug, so a missing organisation and an unknown one get their own messages.
        var rule = new RoleMappingRule { Claim = claim, Value = value?.Trim() ?? "", Organization = superAdmin ? null : organizationId?.ToString(), Role = role };
        OperationResult<EffectiveRoleMapping> result;
        if (!Enum.IsDefined(claim))
        {
            result = OperationError.Invalid("claim", "Claim must be Group, RealmRole or ClientRole.");
        }
        else if (rule.Validate() is { } problem)
        {
            result = OperationError.Invalid(Field(problem), problem);
        }
        else if (!superAdmin && organization is null)
        {
            result = OperationError.Invalid("organizationId", "The organisation does not exist.");
        }
        else
        {
            rule.Organization = organization?.Slug;
            var mapping = new RoleMapping { Id = Guid.NewGuid(), Claim = claim, Value = rule.Value, OrganizationId = organization?.Id, Role = role, CreatedAt = clock.GetUtcNow() };
            await store.AddAsync(mapping, cancellationToken);
            catalog.Invalidate();
            result = OperationResult<EffectiveRoleMapping>.Ok(new EffectiveRoleMapping(rule, RoleMappingSource.Settings, mapping.Id));
        }

        await audit.RecordAsync("settings.role_mapping.created", ResourceType, result.Value?.Id?.ToString(),
            result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, result.Error?.Message ?? rule.ToString(), organizationId: organization?.Id);
        return result;
    }

    /// <summary>Deletes a settings rule; configuration rules have no id and cannot be deleted here.</summary>
    public async Task<OperationResult<Guid>> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.Settings, ActionClass.Manage, cancellationToken);
        var existing = (await catalog.EffectiveAsync(cancellationToken)).FirstOrDefault(r => r.Id == id);
        var deleted = await store.DeleteAsync(id, cancellationToken);
        catalog.Invalidate();
        var result = deleted ? OperationResult<Guid>.Ok(id) : new OperationError(OperationErrorKind.NotFound, "No such role mapping rule.");
        await audit.RecordAsync("settings.role_mapping.deleted", ResourceType, id.ToString(),
            deleted ? AuditOutcome.Succeeded : AuditOutcome.Failed, result.Error?.Message ?? existing?.Rule.ToString());
        return result;
    }

    /// <summary>What users no rule matches get, from settings or configuration.</summary>
    public async Task<EffectiveUnmappedUsers> UnmappedAsync(CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.Settings, ActionClass.Read, cancellationToken);
        return await catalog.UnmappedAsync(cancellationToken);
    }

    /// <summary>
    /// Chooses what users no rule matches get (a role in an organisation, or a refusal), replacing
    /// the configured choice until <see cref="ResetUnmappedAsync"/>; applies from the next sign-in.
    /// </summary>
    public async Task<OperationResult<EffectiveUnmappedUsers>> SetUnmappedAsync(
        UnmappedUserPolicy policy, Guid? organizationId, OrganizationRoleGrant role, CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.Settings, ActionClass.Manage, cancellationToken);
        var refuse = policy == UnmappedUserPolicy.Refuse;
        var organization = !refuse && organizationId is { } id ? await organizations.FindAsync(id, cancellationToken) : null;
        OperationResult<EffectiveUnmappedUsers> result;
        if (!Enum.IsDefined(policy))
        {
            result = OperationError.Invalid("policy", "Policy must be Default (grant a role) or Refuse.");
        }
        else if (!refuse && (!Enum.IsDefined(role) || role == OrganizationRoleGrant.SuperAdmin))
        {
            // Anyone the identity provider knows would otherwise be a super admin.
            result = OperationError.Invalid("role", "Role must be Viewer, Operator or Admin.");
        }
        else if (!refuse && organization is null)
        {
            result = OperationError.Invalid("organizationId", organizationId is null
                ? "Choose the organisation users no rule matches join."
                : "The organisation does not exist.");
        }
        else
        {
            var setting = new UnmappedUsersSetting
            {
                Policy = policy,
                OrganizationId = organization?.Id,
                Role = refuse ? OrganizationRoleGrant.Viewer : role,
                UpdatedAt = clock.GetUtcNow(),
            };
            await store.SaveUnmappedAsync(setting, cancellationToken);
            catalog.Invalidate();
            result = OperationResult<EffectiveUnmappedUsers>.Ok(new EffectiveUnmappedUsers(
                new UnmappedUsersRule(policy, organization?.Slug, setting.Role), RoleMappingSource.Settings, organization?.Id));
        }

        await audit.RecordAsync("settings.role_mapping.unmapped_changed", ResourceType, UnmappedResourceId,
            result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, result.Error?.Message ?? result.Value!.Rule.ToString(), organizationId: organization?.Id);
        return result;
    }

    /// <summary>Drops the settings choice for unmapped users: the configured one applies again from the next sign-in.</summary>
    public async Task<EffectiveUnmappedUsers> ResetUnmappedAsync(CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.Settings, ActionClass.Manage, cancellationToken);
        var cleared = await store.ClearUnmappedAsync(cancellationToken);
        catalog.Invalidate();
        var effective = await catalog.UnmappedAsync(cancellationToken);
        await audit.RecordAsync("settings.role_mapping.unmapped_reset", ResourceType, UnmappedResourceId, AuditOutcome.Succeeded,
            (cleared ? "" : "(already from configuration) ") + effective.Rule);
        return effective;
    }

    // RoleMappingRule.Validate names the field first; its messages are the configuration's too.
    private static string Field(string problem) =>
        problem.StartsWith("Value", StringComparison.Ordinal) ? "value" : problem.StartsWith("Role", StringComparison.Ordinal) ? "role" : "organizationId";
}
