using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Organizations;

/// <summary>The permission table, the guard and the membership rules, with in-memory stores.</summary>
public sealed class AccessRulesTests
{
    private static readonly Guid Acme = Guid.NewGuid();
    private static readonly Guid Globex = Guid.NewGuid();
    private readonly InMemoryOrganizationStore _store = InMemoryOrganizationStore.WithDefault();
    private readonly FakeAccessContext _context = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly AccessGuard _guard;
    private readonly MembershipService _members;
    private readonly UserService _users;
    private readonly AuditTrail _audit;

    private InMemoryAuditLog Audit { get; } = new();

    public AccessRulesTests()
    {
        _store.AddOrganization(Acme, "acme");
        _store.AddOrganization(Globex, "globex");
        _store.AddUser("root", superAdmin: true);
        foreach (var role in Enum.GetValues<OrganizationRole>())
        {
            _store.AddUser(role.ToString());
            _store.Grant(role.ToString(), Acme, role);
        }

        _audit = AccessFakes.AuditTrailFor(_context, Audit, _clock);
        _guard = new AccessGuard(_context, _store, _clock, _audit);
        _members = new MembershipService(_store, _store, _guard, _audit);
        _users = new UserService(_store, _guard, _audit);
    }

    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [InlineData(Resource.Deployment, ActionClass.Read, PermissionLevel.Viewer)]
    [InlineData(Resource.Container, ActionClass.Read, PermissionLevel.Viewer)]
    [InlineData(Resource.Deployment, ActionClass.Operate, PermissionLevel.Operator)]
    [InlineData(Resource.Workflow, ActionClass.Operate, PermissionLevel.Operator)]
    [InlineData(Resource.Target, ActionClass.Manage, PermissionLevel.Admin)]
    [InlineData(Resource.Member, ActionClass.Manage, PermissionLevel.Admin)]
    [InlineData(Resource.Policy, ActionClass.Manage, PermissionLevel.Admin)]
    [InlineData(Resource.Organization, ActionClass.Read, PermissionLevel.Viewer)]
    [InlineData(Resource.Organization, ActionClass.Manage, PermissionLevel.SuperAdmin)]
    [InlineData(Resource.User, ActionClass.Read, PermissionLevel.SuperAdmin)]
    [InlineData(Resource.Settings, ActionClass.Manage, PermissionLevel.SuperAdmin)]
    [InlineData(Resource.Audit, ActionClass.Read, PermissionLevel.Admin)]
    [InlineData(Resource.ApiKey, ActionClass.Manage, PermissionLevel.SignedIn)]
    public void Required_OriginalMatrix_GivesTheMinimumLevel(Resource resource, ActionClass action, PermissionLevel level) =>
        Assert.Equal(level, PermissionTable.Required(resource, action));

    [Fact]
    public void Allows_EveryRow_RolesAreOrderedAndSuperAdminPassesAll()
    {
        foreach (var (resource, action, _) in PermissionTable.Rows())
        {
            Assert.True(PermissionTable.Allows(resource, action, superAdmin: true, role: null));
            var viewer = PermissionTable.Allows(resource, action, false, OrganizationRole.Viewer);
            var op = PermissionTable.Allows(resource, action, false, OrganizationRole.Operator);
            var admin = PermissionTable.Allows(resource, action, false, OrganizationRole.Admin);
            // A higher role never loses what a lower one may do.
            Assert.True(!viewer || op, $"{resource} {action}");
            Assert.True(!op || admin, $"{resource} {action}");
        }
    }

    [Fact]
    public async Task DemandAsync_RoleBelowMinimum_ThrowsForbidden_OtherOrganizationThrowsHidden()
    {
        _context.SignIn(nameof(OrganizationRole.Operator));

        await _guard.DemandAsync(Acme, Resource.Deployment, ActionClass.Operate, Ct);
        var forbidden = await Assert.ThrowsAsync<AccessDeniedException>(() => _guard.DemandAsync(Acme, Resource.Target, ActionClass.Manage, Ct));
        var hidden = await Assert.ThrowsAsync<AccessDeniedException>(() => _guard.DemandAsync(Globex, Resource.Target, ActionClass.Read, Ct));

        Assert.Equal(AccessDenial.Forbidden, forbidden.Denial);
        Assert.Equal(AccessDenial.Hidden, hidden.Denial);
    }

    [Fact]
    public async Task RequireUserAsync_Anonymous_ThrowsUnauthenticated()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => _guard.RequireUserAsync(Ct));

        Assert.Equal(AccessDenial.Unauthenticated, denied.Denial);
    }

    [Fact]
    public async Task ResolveOrganizationAsync_OneMembership_IsDefault_SeveralNeedAChoice()
    {
        _context.SignIn(nameof(OrganizationRole.Viewer));
        Assert.Equal(Acme, await _guard.ResolveOrganizationAsync(Ct));

        _store.Grant(nameof(OrganizationRole.Viewer), Globex, OrganizationRole.Viewer);
        _context.SignIn(nameof(OrganizationRole.Viewer));
        var ambiguous = await Assert.ThrowsAsync<AccessDeniedException>(() => _guard.ResolveOrganizationAsync(Ct));
        _context.SignIn(nameof(OrganizationRole.Viewer), Globex);

        Assert.Equal(AccessDenial.OrganizationRequired, ambiguous.Denial);
        Assert.Equal(Globex, await _guard.ResolveOrganizationAsync(Ct));
    }

    [Fact]
    public async Task RequireUserAsync_RoleChanged_IsSeenOnceTheCachedAccessExpires()
    {
        _context.SignIn(nameof(OrganizationRole.Viewer));
        Assert.False(await _guard.CanAsync(Acme, Resource.Deployment, ActionClass.Operate, Ct));

        _store.Grant(nameof(OrganizationRole.Viewer), Acme, OrganizationRole.Operator);
        var stillCached = await _guard.CanAsync(Acme, Resource.Deployment, ActionClass.Operate, Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.False(stillCached);
        Assert.True(await _guard.CanAsync(Acme, Resource.Deployment, ActionClass.Operate, Ct));
    }

    [Fact]
    public async Task AddAsync_OperatorGrantingAdmin_IsRefused_AdminGrantingAdmin_Succeeds()
    {
        _store.AddUser("newcomer");
        _context.SignIn(nameof(OrganizationRole.Operator));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _members.AddAsync(Acme, "newcomer", OrganizationRole.Admin, Ct));

        _context.SignIn(nameof(OrganizationRole.Admin));
        var granted = await _members.AddAsync(Acme, "newcomer", OrganizationRole.Admin, Ct);

        Assert.True(granted.Succeeded, granted.Error?.Message);
        Assert.Equal(OrganizationRole.Admin, _store.RoleOf("newcomer", Acme));
    }

    [Fact]
    public async Task ApplyExternalGrantsAsync_ReplacesMemberships_HighestRoleWins_UnknownSlugsReported()
    {
        _store.AddUser("sso-user");
        _store.Grant("sso-user", Acme, OrganizationRole.Admin);

        var result = await _members.ApplyExternalGrantsAsync(
            "sso-user", false, [("globex", OrganizationRole.Viewer), ("globex", OrganizationRole.Operator), ("nowhere", OrganizationRole.Admin)], Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(["nowhere"], result.Value);
        Assert.Null(_store.RoleOf("sso-user", Acme));
        Assert.Equal(OrganizationRole.Operator, _store.RoleOf("sso-user", Globex));
    }

    [Fact]
    public async Task ApplyExternalGrantsAsync_LastSuperAdminLosesTheFlag_KeepsIt()
    {
        var result = await _members.ApplyExternalGrantsAsync("root", false, [], Ct);

        Assert.True(result.Succeeded);
        Assert.True(_store.User("root").IsSuperAdmin);
    }

    [Fact]
    public async Task UpdateAsync_LastSuperAdmin_CannotBeDemoted_ButCanOnceAnotherExists()
    {
        _context.SignIn("root");

        var refused = await _users.UpdateAsync("root", null, false, null, Ct);
        _store.AddUser("second", superAdmin: true);
        var allowed = await _users.UpdateAsync("root", null, false, null, Ct);

        Assert.Equal(OperationErrorKind.Conflict, refused.Error?.Kind);
        Assert.True(allowed.Succeeded, allowed.Error?.Message);
        Assert.False(_store.User("root").IsSuperAdmin);
    }

    [Fact]
    public async Task Denials_RecordedAsDenied_InTheOrganisationChecked()
    {
        _context.SignIn(nameof(OrganizationRole.Viewer));

        await Assert.ThrowsAsync<AccessDeniedException>(() => _guard.DemandAsync(Acme, Resource.Stack, ActionClass.Manage, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _guard.DemandAsync(Globex, Resource.Stack, ActionClass.Read, Ct));

        Assert.Collection(
            Audit.Events,
            e => Assert.Equal(("stack.manage", AuditOutcome.Denied, (Guid?)Acme), (e.Action, e.Outcome, e.OrganizationId)),
            e => Assert.Equal(("stack.read", AuditOutcome.Denied, (Guid?)Globex), (e.Action, e.Outcome, e.OrganizationId)));
    }

    [Fact]
    public async Task RecordAsync_AfterAChecks_CarriesTheOrganisationOfTheLastOne()
    {
        _context.SignIn(nameof(OrganizationRole.Admin));

        await _guard.DemandAsync(Acme, Resource.Member, ActionClass.Manage, Ct);
        await _audit.RecordAsync("member.added", "user", "x", AuditOutcome.Succeeded);
        await _guard.DemandGlobalAsync(Resource.ApiKey, ActionClass.Manage, Ct);
        await _audit.RecordAsync("apikey.created", "apikey", "k", AuditOutcome.Succeeded);

        Assert.Equal([Acme, null], Audit.Events.Select(e => e.OrganizationId));
        // The anonymous caller is shared by every request: nothing is ever marked on it.
        Assert.Null(AccessCaller.Anonymous.ActingOrganizationId);
    }

    [Fact]
    public async Task ReadableOrganizationsAsync_Audit_AdminsTheirOwn_SuperAdminsAll_OthersRefused()
    {
        _context.SignIn(nameof(OrganizationRole.Admin));
        var admin = await _guard.ReadableOrganizationsAsync(Resource.Audit, Ct);
        _context.SignIn("root");
        var root = await _guard.ReadableOrganizationsAsync(Resource.Audit, Ct);
        _context.SignIn(nameof(OrganizationRole.Operator));
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _guard.ReadableOrganizationsAsync(Resource.Audit, Ct));

        Assert.Equal([Acme], admin);
        Assert.Null(root);
        Assert.Equal(AccessDenial.Forbidden, refused.Denial);
        Assert.False(await _guard.CanReadSomewhereAsync(Resource.Audit, Ct));
    }

    [Fact]
    public async Task MemberChanges_Audited_WithOrganisationAndOutcome()
    {
        _context.SignIn(nameof(OrganizationRole.Admin));
        _store.AddUser("newcomer");

        await _members.AddAsync(Acme, "newcomer", OrganizationRole.Viewer, Ct);
        await _members.ChangeRoleAsync(Acme, "newcomer", OrganizationRole.Operator, Ct);
        var escalation = await _members.ChangeRoleAsync(Acme, "root", OrganizationRole.Admin, Ct);
        await _members.RemoveAsync(Acme, "newcomer", Ct);

        Assert.False(escalation.Succeeded);
        Assert.Equal(
            ["member.added Succeeded", "member.role_changed Succeeded", "member.role_changed Failed", "member.removed Succeeded"],
            Audit.Events.Select(e => $"{e.Action} {e.Outcome}"));
        Assert.All(Audit.Events, e => Assert.Equal(Acme, e.OrganizationId));
        Assert.Equal("newcomer is operator.", Audit.Events[1].Details);
    }
}
