namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>A role mapping rule a super admin added on the settings page (configuration rules are <see cref="KeycloakOptions.RoleMappings"/>).</summary>
public sealed class RoleMapping
{
    /// <summary>Identity of the rule, used to delete it.</summary>
    public Guid Id { get; set; }

    /// <summary>The claim the rule reads.</summary>
    public ExternalClaimKind Claim { get; set; }

    /// <summary>The group path or role name that must be present.</summary>
    public string Value { get; set; } = "";

    /// <summary>
    /// The organisation granted; null only for <see cref="OrganizationRoleGrant.SuperAdmin"/>. Kept by
    /// id, not by slug as configuration does: a renamed slug keeps its rules, and deleting the
    /// organisation deletes them instead of leaving rules that would grant a slug reused later.
    /// </summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>What a match grants.</summary>
    public OrganizationRoleGrant Role { get; set; }

    /// <summary>When it was added.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Where an effective rule comes from; configuration rules are read-only in the UI.</summary>
public enum RoleMappingSource
{
    /// <summary><c>Keycloak__RoleMappings__N__*</c>.</summary>
    Configuration,

    /// <summary>Added on the settings page or through the API.</summary>
    Settings,
}

/// <summary>One rule of the effective mapping: the rule with its organisation as a slug, where it comes from and, for settings rules, its id.</summary>
public sealed record EffectiveRoleMapping(RoleMappingRule Rule, RoleMappingSource Source, Guid? Id);

/// <summary>The rules stored by the settings page (EF in Infrastructure).</summary>
public interface IRoleMappingStore
{
    /// <summary>Every stored rule with its organisation's current slug (null for super admin rules), oldest first.</summary>
    Task<IReadOnlyList<(RoleMapping Mapping, string? OrganizationSlug)>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new rule.</summary>
    Task AddAsync(RoleMapping mapping, CancellationToken cancellationToken);

    /// <summary>Deletes a rule; false when there is no such rule.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The stored unmapped-users setting with its organisation's current slug, or null when configuration decides.</summary>
    Task<(UnmappedUsersSetting Setting, string? OrganizationSlug)?> FindUnmappedAsync(CancellationToken cancellationToken);

    /// <summary>Stores the unmapped-users setting, replacing the previous one.</summary>
    Task SaveUnmappedAsync(UnmappedUsersSetting setting, CancellationToken cancellationToken);

    /// <summary>Removes the unmapped-users setting; false when there was none.</summary>
    Task<bool> ClearUnmappedAsync(CancellationToken cancellationToken);
}
