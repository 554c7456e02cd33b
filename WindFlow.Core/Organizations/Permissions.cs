namespace WindFlow.Core.Organizations;

/// <summary>What a call touches; each endpoint and each guarded service method names one.</summary>
public enum Resource
{
    /// <summary>Docker hosts.</summary>
    Target,

    /// <summary>Stack templates and their versions.</summary>
    Stack,

    /// <summary>Stacks deployed on targets.</summary>
    Deployment,

    /// <summary>Containers, images, volumes and networks on a target's engine.</summary>
    Container,

    /// <summary>Deployment runs and their events.</summary>
    Run,

    /// <summary>Workflows and workflow runs.</summary>
    Workflow,

    /// <summary>An organisation's environments.</summary>
    Environment,

    /// <summary>An organisation's members and their roles.</summary>
    Member,

    /// <summary>Organisation policies (allowed compose keys...).</summary>
    Policy,

    /// <summary>Organisations themselves.</summary>
    Organization,

    /// <summary>User accounts.</summary>
    User,

    /// <summary>System-wide settings.</summary>
    Settings,

    /// <summary>The audit log.</summary>
    Audit,

    /// <summary>The caller's own API keys.</summary>
    ApiKey,
}

/// <summary>How much a call changes.</summary>
public enum ActionClass
{
    /// <summary>Looks only.</summary>
    Read,

    /// <summary>Acts on what exists: start, stop, restart, deploy, roll back, run, approve.</summary>
    Operate,

    /// <summary>Creates, edits or deletes.</summary>
    Manage,
}

/// <summary>The least a caller must be; <see cref="SuperAdmin"/> is the user flag, the rest are organisation roles.</summary>
public enum PermissionLevel
{
    /// <summary>Any signed-in user (their own API keys).</summary>
    SignedIn = 0,

    /// <summary><see cref="OrganizationRole.Viewer"/> or above in the resource's organisation.</summary>
    Viewer = 1,

    /// <summary><see cref="OrganizationRole.Operator"/> or above.</summary>
    Operator = 2,

    /// <summary><see cref="OrganizationRole.Admin"/>.</summary>
    Admin = 3,

    /// <summary>Only super admins.</summary>
    SuperAdmin = 4,
}

/// <summary>
/// The one permission table (issue #5): resource type x action class -> minimum level. Services,
/// endpoint metadata, the UI and the role-matrix test all read it, so they cannot disagree.
/// </summary>
public static class PermissionTable
{
    // Indexed [resource, action]; filled once from the matrix of the original design.
    private static readonly PermissionLevel[,] Levels = Build();

    /// <summary>The minimum level for <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public static PermissionLevel Required(Resource resource, ActionClass action) => Levels[(int)resource, (int)action];

    /// <summary>True when the resource lives inside one organisation (so a role there decides).</summary>
    public static bool IsOrganizationScoped(Resource resource) =>
        resource is not (Resource.Organization or Resource.User or Resource.Settings or Resource.ApiKey);

    /// <summary>True when a super admin, or a member with <paramref name="role"/>, may do it.</summary>
    public static bool Allows(Resource resource, ActionClass action, bool superAdmin, OrganizationRole? role)
    {
        if (superAdmin)
        {
            return true;
        }

        var level = Required(resource, action);
        return level switch
        {
            PermissionLevel.SignedIn => true,
            PermissionLevel.SuperAdmin => false,
            _ => role is { } r && (int)r >= (int)level,
        };
    }

    /// <summary>Every row, for documentation and the settings page.</summary>
    public static IEnumerable<(Resource Resource, ActionClass Action, PermissionLevel Level)> Rows() =>
        from resource in Enum.GetValues<Resource>()
        from action in Enum.GetValues<ActionClass>()
        select (resource, action, Required(resource, action));

    private static PermissionLevel[,] Build()
    {
        var levels = new PermissionLevel[Enum.GetValues<Resource>().Length, Enum.GetValues<ActionClass>().Length];
        foreach (var resource in Enum.GetValues<Resource>())
        {
            // The organisation matrix: viewers read, operators act, admins change.
            Set(resource, PermissionLevel.Viewer, PermissionLevel.Operator, PermissionLevel.Admin);
        }

        // Members see who else is in their organisation; changing the organisation itself (and
        // creating or deleting one) is for super admins, as are users and system settings.
        Set(Resource.Organization, PermissionLevel.Viewer, PermissionLevel.SuperAdmin, PermissionLevel.SuperAdmin);
        Set(Resource.User, PermissionLevel.SuperAdmin, PermissionLevel.SuperAdmin, PermissionLevel.SuperAdmin);
        Set(Resource.Settings, PermissionLevel.SuperAdmin, PermissionLevel.SuperAdmin, PermissionLevel.SuperAdmin);
        // Nobody edits the audit log. Admins read their organisation's events (AuditReader keeps
        // events of other organisations, and those of none such as sign-ins, for super admins).
        Set(Resource.Audit, PermissionLevel.Admin, PermissionLevel.SuperAdmin, PermissionLevel.SuperAdmin);
        // API keys are the caller's own; the key service checks ownership.
        Set(Resource.ApiKey, PermissionLevel.SignedIn, PermissionLevel.SignedIn, PermissionLevel.SignedIn);
        return levels;

        void Set(Resource resource, PermissionLevel read, PermissionLevel operate, PermissionLevel manage)
        {
            levels[(int)resource, (int)ActionClass.Read] = read;
            levels[(int)resource, (int)ActionClass.Operate] = operate;
            levels[(int)resource, (int)ActionClass.Manage] = manage;
        }
    }
}
