using Microsoft.Extensions.Logging.Abstractions;
using WindFlow.Core.Accounts;
using WindFlow.Core.Auditing;
using WindFlow.Core.Organizations;

namespace WindFlow.Tests.TestSupport;

/// <summary>The caller Core services see in unit tests; tests switch it between users.</summary>
public sealed class FakeAccessContext : IAccessContext
{
    public AccessCaller Current { get; set; } = AccessCaller.Anonymous;

    public void SignIn(string userId, Guid? organizationId = null) => Current = new AccessCaller(userId, userId, organizationId);
}

/// <summary>Organisations, environments, memberships and accounts in memory.</summary>
public sealed class InMemoryOrganizationStore : IOrganizationStore, IUserDirectory
{
    private readonly List<Organization> _organizations = [];
    private readonly List<OrganizationEnvironment> _environments = [];
    private readonly List<Membership> _memberships = [];
    private readonly List<UserSummary> _users = [];

    /// <summary>A store holding the Default organisation with its three environments.</summary>
    public static InMemoryOrganizationStore WithDefault()
    {
        var store = new InMemoryOrganizationStore();
        store.AddOrganization(Organization.DefaultId, Organization.DefaultSlug);
        return store;
    }

    public Organization AddOrganization(Guid id, string slug)
    {
        var organization = new Organization { Id = id, Name = slug, Slug = slug };
        _organizations.Add(organization);
        _environments.AddRange(OrganizationEnvironment.Standard(id));
        return organization;
    }

    public UserSummary AddUser(string id, bool superAdmin = false, bool active = true)
    {
        var user = new UserSummary(id, id, null, superAdmin, active, DateTimeOffset.UnixEpoch, null);
        _users.Add(user);
        return user;
    }

    public void Grant(string userId, Guid organizationId, OrganizationRole role)
    {
        _memberships.RemoveAll(m => m.UserId == userId && m.OrganizationId == organizationId);
        _memberships.Add(new Membership { UserId = userId, OrganizationId = organizationId, Role = role });
    }

    public OrganizationRole? RoleOf(string userId, Guid organizationId) =>
        _memberships.FirstOrDefault(m => m.UserId == userId && m.OrganizationId == organizationId)?.Role;

    public UserSummary User(string id) => _users.Single(u => u.Id == id);

    Task<IReadOnlyList<Organization>> IOrganizationStore.ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Organization>>(_organizations.OrderBy(o => o.Name).ToList());

    public Task<Organization?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_organizations.FirstOrDefault(o => o.Id == id));

    public Task<Organization?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        Task.FromResult(_organizations.FirstOrDefault(o => o.Slug == slug));

    public Task<bool> AddAsync(Organization organization, IReadOnlyList<OrganizationEnvironment> environments, CancellationToken cancellationToken)
    {
        if (_organizations.Any(o => o.Slug == organization.Slug))
        {
            return Task.FromResult(false);
        }

        _organizations.Add(organization);
        _environments.AddRange(environments);
        return Task.FromResult(true);
    }

    public Task<bool> UpdateAsync(Organization organization, CancellationToken cancellationToken) =>
        Task.FromResult(!_organizations.Any(o => o.Slug == organization.Slug && o.Id != organization.Id));

    public Task<bool> HasResourcesAsync(Guid organizationId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_organizations.RemoveAll(o => o.Id == id) == 1);

    public Task<IReadOnlyList<OrganizationEnvironment>> ListEnvironmentsAsync(Guid organizationId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OrganizationEnvironment>>(_environments.Where(e => e.OrganizationId == organizationId).OrderBy(e => e.Kind).ToList());

    public Task<OrganizationEnvironment?> FindEnvironmentAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_environments.FirstOrDefault(e => e.Id == id));

    public Task<bool> AddEnvironmentAsync(OrganizationEnvironment environment, CancellationToken cancellationToken)
    {
        if (_environments.Any(e => e.OrganizationId == environment.OrganizationId && e.Name == environment.Name))
        {
            return Task.FromResult(false);
        }

        _environments.Add(environment);
        return Task.FromResult(true);
    }

    public Task<bool> EnvironmentHasTargetsAsync(Guid environmentId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<bool> DeleteEnvironmentAsync(Guid environmentId, CancellationToken cancellationToken) =>
        Task.FromResult(_environments.RemoveAll(e => e.Id == environmentId) == 1);

    public Task<IReadOnlyList<Membership>> ListMembershipsOfUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Membership>>(_memberships.Where(m => m.UserId == userId).ToList());

    public Task<IReadOnlyList<MemberView>> ListMembersAsync(Guid organizationId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MemberView>>(_memberships.Where(m => m.OrganizationId == organizationId)
            .Select(m => new MemberView(m.UserId, m.UserId, null, m.Role)).ToList());

    public Task<UserAccess?> GetAccessAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var user = _users.FirstOrDefault(u => u.Id == userId);
        return Task.FromResult(user is null || !user.IsActive
            ? null
            : new UserAccess(userId, user.IsSuperAdmin, _memberships.Where(m => m.UserId == userId).ToDictionary(m => m.OrganizationId, m => m.Role), now));
    }

    public Task SetMembershipAsync(Membership membership, CancellationToken cancellationToken)
    {
        Grant(membership.UserId, membership.OrganizationId, membership.Role);
        return Task.CompletedTask;
    }

    public Task<bool> RemoveMembershipAsync(string userId, Guid organizationId, CancellationToken cancellationToken) =>
        Task.FromResult(_memberships.RemoveAll(m => m.UserId == userId && m.OrganizationId == organizationId) == 1);

    public Task ReplaceMembershipsAsync(string userId, IReadOnlyList<Membership> memberships, CancellationToken cancellationToken)
    {
        _memberships.RemoveAll(m => m.UserId == userId);
        _memberships.AddRange(memberships);
        return Task.CompletedTask;
    }

    Task<IReadOnlyList<UserSummary>> IUserDirectory.ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<UserSummary>>(_users.ToList());

    Task<UserSummary?> IUserDirectory.FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_users.FirstOrDefault(u => u.Id == id));

    public Task<UserSummary?> FindByNameAsync(string userName, CancellationToken cancellationToken) => Task.FromResult(_users.FirstOrDefault(u => u.UserName == userName));

    public Task<(UserSummary? User, AccountOperationResult Result)> CreateAsync(string userName, string? email, string? password, CancellationToken cancellationToken) =>
        Task.FromResult<(UserSummary?, AccountOperationResult)>((AddUser(userName), AccountOperationResult.Success));

    public Task<AccountOperationResult> UpdateAsync(string id, string? email, bool isSuperAdmin, bool isActive, CancellationToken cancellationToken)
    {
        var index = _users.FindIndex(u => u.Id == id);
        _users[index] = _users[index] with { Email = email, IsSuperAdmin = isSuperAdmin, IsActive = isActive };
        return Task.FromResult(AccountOperationResult.Success);
    }

    public Task<int> CountActiveSuperAdminsAsync(CancellationToken cancellationToken) => Task.FromResult(_users.Count(u => u.IsSuperAdmin && u.IsActive));
}

/// <summary>Wiring for Core unit tests that exercise services as a signed-in super admin.</summary>
public static class AccessFakes
{
    public const string SuperAdminId = "root";

    /// <summary>A guard over the Default organisation whose caller is a super admin.</summary>
    public static (AccessGuard Guard, InMemoryOrganizationStore Store, FakeAccessContext Context) SuperAdmin(TimeProvider? clock = null)
    {
        var store = InMemoryOrganizationStore.WithDefault();
        store.AddUser(SuperAdminId, superAdmin: true);
        var context = new FakeAccessContext();
        context.SignIn(SuperAdminId);
        return (new AccessGuard(context, store, clock ?? TimeProvider.System, AuditTrailFor(context, new InMemoryAuditLog(), clock)), store, context);
    }

    /// <summary>An audit trail writing to <paramref name="log"/> as the caller of <paramref name="context"/>.</summary>
    public static AuditTrail AuditTrailFor(IAccessContext context, IAuditLog log, TimeProvider? clock = null, IAuditActor? actor = null) =>
        new(log, actor ?? new FixedAuditActor(null), context, clock ?? TimeProvider.System, NullLogger<AuditTrail>.Instance);
}
