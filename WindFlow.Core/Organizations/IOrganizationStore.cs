namespace WindFlow.Core.Organizations;

/// <summary>A member as listed for an organisation.</summary>
public sealed record MemberView(string UserId, string UserName, string? Email, OrganizationRole Role);

/// <summary>Persistence for organisations, environments and memberships.</summary>
public interface IOrganizationStore
{
    /// <summary>All organisations, by name.</summary>
    Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One organisation, or null.</summary>
    Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>One organisation by slug, or null.</summary>
    Task<Organization?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Saves a new organisation with its environments; false when the slug is taken.</summary>
    Task<bool> AddAsync(Organization organization, IReadOnlyList<OrganizationEnvironment> environments, CancellationToken cancellationToken);

    /// <summary>Saves name and slug; false when the slug is taken.</summary>
    Task<bool> UpdateAsync(Organization organization, CancellationToken cancellationToken);

    /// <summary>True when targets, stacks or deployments still belong to it.</summary>
    Task<bool> HasResourcesAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>Deletes it with its environments and memberships; false when it did not exist.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Its environments, by name.</summary>
    Task<IReadOnlyList<OrganizationEnvironment>> ListEnvironmentsAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>One environment, or null.</summary>
    Task<OrganizationEnvironment?> FindEnvironmentAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Saves a new environment; false when its name is taken in the organisation.</summary>
    Task<bool> AddEnvironmentAsync(OrganizationEnvironment environment, CancellationToken cancellationToken);

    /// <summary>True when targets are placed in the environment.</summary>
    Task<bool> EnvironmentHasTargetsAsync(Guid environmentId, CancellationToken cancellationToken);

    /// <summary>Deletes an environment; false when it did not exist.</summary>
    Task<bool> DeleteEnvironmentAsync(Guid environmentId, CancellationToken cancellationToken);

    /// <summary>One user's memberships, whether or not the account is active.</summary>
    Task<IReadOnlyList<Membership>> ListMembershipsOfUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Members of an organisation, by user name.</summary>
    Task<IReadOnlyList<MemberView>> ListMembersAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>A user's super admin flag and memberships, or null when the account does not exist or is deactivated.</summary>
    Task<UserAccess?> GetAccessAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds or changes a membership.</summary>
    Task SetMembershipAsync(Membership membership, CancellationToken cancellationToken);

    /// <summary>Removes a membership; false when there was none.</summary>
    Task<bool> RemoveMembershipAsync(string userId, Guid organizationId, CancellationToken cancellationToken);

    /// <summary>Replaces every membership of a user at once (SSO grants).</summary>
    Task ReplaceMembershipsAsync(string userId, IReadOnlyList<Membership> memberships, CancellationToken cancellationToken);
}
