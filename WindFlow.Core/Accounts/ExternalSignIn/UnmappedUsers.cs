namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>What a Keycloak user whose claims match no rule gets: a role in one organisation, or a refusal.</summary>
/// <param name="Policy">Grant <paramref name="Role"/> in <paramref name="Organization"/>, or refuse the sign-in.</param>
/// <param name="Organization">Organisation slug of the grant; unused when refused.</param>
/// <param name="Role">Role of the grant; never super admin.</param>
public sealed record UnmappedUsersRule(UnmappedUserPolicy Policy, string? Organization, OrganizationRoleGrant Role)
{
    /// <summary>How it reads on the settings page and in the audit log.</summary>
    public override string ToString() =>
        Policy == UnmappedUserPolicy.Refuse ? "No rule matches -> sign-in refused" : $"No rule matches -> {Role} of '{Organization}'";
}

/// <summary>
/// The unmapped-users rule a super admin chose on the settings page; it replaces the configured one
/// (<see cref="KeycloakOptions.UnmappedUsers"/>) until reset. One row at most.
/// </summary>
public sealed class UnmappedUsersSetting
{
    /// <summary>The only row's key.</summary>
    public const int SingletonId = 1;

    /// <summary>Always <see cref="SingletonId"/>.</summary>
    public int Id { get; set; } = SingletonId;

    /// <summary>Grant or refuse.</summary>
    public UnmappedUserPolicy Policy { get; set; }

    /// <summary>
    /// The organisation granted, by id as settings rules keep it; null when refused. Deleting the
    /// organisation deletes the setting, so the configured rule applies again.
    /// </summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>The role granted.</summary>
    public OrganizationRoleGrant Role { get; set; } = OrganizationRoleGrant.Viewer;

    /// <summary>When it was last chosen.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The unmapped-users rule in force, where it comes from and, from settings, the organisation's id.</summary>
public sealed record EffectiveUnmappedUsers(UnmappedUsersRule Rule, RoleMappingSource Source, Guid? OrganizationId);
