namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>Which Keycloak claim a rule reads.</summary>
public enum ExternalClaimKind
{
    /// <summary>A full group path from <c>groups</c>, e.g. <c>/windflow/acme/operators</c>.</summary>
    Group,

    /// <summary>A realm role from <c>realm_access.roles</c>.</summary>
    RealmRole,

    /// <summary>A role of WindFlow's client from <c>resource_access.{clientId}.roles</c>.</summary>
    ClientRole,
}

/// <summary>A role WindFlow grants; <see cref="SuperAdmin"/> is the user flag, the others are organisation memberships.</summary>
public enum OrganizationRoleGrant
{
    /// <summary>Reads everything in the organisation.</summary>
    Viewer = 1,

    /// <summary>Viewer, plus operating deployments and workflows.</summary>
    Operator = 2,

    /// <summary>Operator, plus managing the organisation's resources and members.</summary>
    Admin = 3,

    /// <summary>The super admin user flag; needs no organisation.</summary>
    SuperAdmin = 4,
}

/// <summary>
/// One mapping rule, bound from configuration, e.g.
/// <c>Keycloak__RoleMappings__0__Claim=Group</c>, <c>__Value=/windflow/acme/operators</c>,
/// <c>__Organization=acme</c>, <c>__Role=Operator</c>.
/// </summary>
public sealed class RoleMappingRule
{
    /// <summary>The claim the rule reads.</summary>
    public ExternalClaimKind Claim { get; set; }

    /// <summary>The group path or role name that must be present (exact, case-sensitive as Keycloak is).</summary>
    public string Value { get; set; } = "";

    /// <summary>Organisation slug; empty only for <see cref="OrganizationRoleGrant.SuperAdmin"/>.</summary>
    public string? Organization { get; set; }

    /// <summary>What a match grants.</summary>
    public OrganizationRoleGrant Role { get; set; } = OrganizationRoleGrant.Viewer;

    /// <summary>Describes what is wrong with the rule, or returns null.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Value))
        {
            return "Value (the group path or role name) is required.";
        }

        if (!Enum.IsDefined(Role))
        {
            return "Role must be Viewer, Operator, Admin or SuperAdmin.";
        }

        return Role != OrganizationRoleGrant.SuperAdmin && string.IsNullOrWhiteSpace(Organization)
            ? "Organization (a slug) is required unless Role is SuperAdmin."
            : null;
    }

    /// <summary>How the rule reads on the settings page.</summary>
    public override string ToString() => Role == OrganizationRoleGrant.SuperAdmin
        ? $"{Claim} '{Value}' -> super admin"
        : $"{Claim} '{Value}' -> {Role} of '{Organization}'";
}
