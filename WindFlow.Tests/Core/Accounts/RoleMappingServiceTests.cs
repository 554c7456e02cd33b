using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Accounts;

/// <summary>Adding and deleting settings rules: super admins only, validated, audited, applied at once.</summary>
public sealed class RoleMappingServiceTests
{
    private static readonly Guid Acme = InMemoryRoleMappingStore.Acme;
    private readonly InMemoryRoleMappingStore _stored = InMemoryRoleMappingStore.WithAcme();
    private readonly FakeAccessContext _context = new();
    private readonly InMemoryAuditLog _audit = new();
    private readonly RoleMappingCatalog _catalog;
    private readonly RoleMappingService _service;

    public RoleMappingServiceTests()
    {
        var organizations = _stored.Organizations;
        organizations.AddUser("root", superAdmin: true);
        organizations.AddUser("acme-admin");
        organizations.Grant("acme-admin", Acme, OrganizationRole.Admin);
        var clock = new ManualTimeProvider();
        var trail = AccessFakes.AuditTrailFor(_context, _audit, clock);
        _catalog = new RoleMappingCatalog(_stored, Microsoft.Extensions.Options.Options.Create(new KeycloakOptions()), clock);
        _service = new RoleMappingService(_stored, organizations, _catalog, new AccessGuard(_context, organizations, clock, trail), trail, clock);
        _context.SignIn("root");
    }

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task CreateAsync_ValidRule_StoredAppliedAtOnceAndAudited()
    {
        await _catalog.EffectiveAsync(Ct);

        var result = await _service.CreateAsync(ExternalClaimKind.Group, " /windflow/acme/operators ", Acme, OrganizationRoleGrant.Operator, Ct);

        Assert.True(result.Succeeded);
        var rule = Assert.Single(await _catalog.EffectiveAsync(Ct));
        Assert.Equal(result.Value!.Id, rule.Id);
        Assert.Equal("/windflow/acme/operators", rule.Rule.Value);
        Assert.Equal("acme", rule.Rule.Organization);
        var audited = Assert.Single(_audit.Events);
        Assert.Equal("settings.role_mapping.created", audited.Action);
        Assert.Equal(AuditOutcome.Succeeded, audited.Outcome);
        Assert.Equal(rule.Id.ToString(), audited.ResourceId);
        Assert.Equal("Group '/windflow/acme/operators' -> Operator of 'acme'", audited.Details);
    }

    [Fact]
    public async Task CreateAsync_UnknownOrganization_InvalidNothingStoredFailureAudited()
    {
        var result = await _service.CreateAsync(ExternalClaimKind.Group, "/g", Guid.NewGuid(), OrganizationRoleGrant.Viewer, Ct);

        Assert.Equal(OperationErrorKind.Invalid, result.Error!.Kind);
        Assert.Equal("organizationId: The organisation does not exist.", result.Error.Message);
        Assert.Empty(_stored.Mappings);
        Assert.Equal(AuditOutcome.Failed, Assert.Single(_audit.Events).Outcome);
    }

    [Theory]
    [InlineData("", OrganizationRoleGrant.Viewer, true, "value: Value (the group path or role name) is required.")]
    [InlineData("/g", OrganizationRoleGrant.Operator, false, "organizationId: Organization (a slug) is required unless Role is SuperAdmin.")]
    [InlineData("/g", (OrganizationRoleGrant)0, true, "role: Role must be Viewer, Operator, Admin or SuperAdmin.")]
    public async Task CreateAsync_RuleValidateRefuses_SameMessageAsConfiguration(string value, OrganizationRoleGrant role, bool withOrganization, string expected)
    {
        var result = await _service.CreateAsync(ExternalClaimKind.Group, value, withOrganization ? Acme : null, role, Ct);

        Assert.Equal(expected, result.Error!.Message);
        Assert.Empty(_stored.Mappings);
    }

    [Fact]
    public async Task CreateAsync_SuperAdminRule_NeedsNoOrganizationAndIgnoresOne()
    {
        var result = await _service.CreateAsync(ExternalClaimKind.ClientRole, "super-admin", Acme, OrganizationRoleGrant.SuperAdmin, Ct);

        Assert.True(result.Succeeded);
        Assert.Null(Assert.Single(_stored.Mappings).OrganizationId);
    }

    [Fact]
    public async Task DeleteAsync_StoredRule_GoneFromTheEffectiveMappingAndAudited()
    {
        var created = await _service.CreateAsync(ExternalClaimKind.Group, "/g", Acme, OrganizationRoleGrant.Viewer, Ct);
        Assert.Single(await _catalog.EffectiveAsync(Ct));

        var deleted = await _service.DeleteAsync(created.Value!.Id!.Value, Ct);
        var again = await _service.DeleteAsync(created.Value.Id.Value, Ct);

        Assert.True(deleted.Succeeded);
        Assert.Empty(await _catalog.EffectiveAsync(Ct));
        Assert.Equal(OperationErrorKind.NotFound, again.Error!.Kind);
        Assert.Equal(
            [("settings.role_mapping.created", AuditOutcome.Succeeded), ("settings.role_mapping.deleted", AuditOutcome.Succeeded), ("settings.role_mapping.deleted", AuditOutcome.Failed)],
            _audit.Events.Select(e => (e.Action, e.Outcome)));
    }

    [Fact]
    public async Task EveryMethod_OrganizationAdmin_RefusedAndNothingChanges()
    {
        var created = await _service.CreateAsync(ExternalClaimKind.Group, "/g", Acme, OrganizationRoleGrant.Viewer, Ct);
        await _service.SetUnmappedAsync(UnmappedUserPolicy.Refuse, null, OrganizationRoleGrant.Viewer, Ct);
        _context.SignIn("acme-admin");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.ListAsync(Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.CreateAsync(ExternalClaimKind.Group, "/h", Acme, OrganizationRoleGrant.Admin, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.DeleteAsync(created.Value!.Id!.Value, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.UnmappedAsync(Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SetUnmappedAsync(UnmappedUserPolicy.Default, Acme, OrganizationRoleGrant.Admin, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.ResetUnmappedAsync(Ct));

        Assert.Single(_stored.Mappings);
        Assert.Equal(UnmappedUserPolicy.Refuse, _stored.Unmapped!.Policy);
    }

    [Fact]
    public async Task SetUnmappedAsync_ThenReset_SettingsWinAtOnceThenConfigurationAgainAllAudited()
    {
        var bob = new ExternalIdentity("Keycloak", "bob", null, null, ["/elsewhere"], [], []);
        Assert.Equal([new OrganizationGrant("default", OrganizationRoleGrant.Viewer)], (await MapAsync(bob)).Grants);

        var refused = await _service.SetUnmappedAsync(UnmappedUserPolicy.Refuse, null, OrganizationRoleGrant.Viewer, Ct);
        Assert.Equal(RoleMappingSource.Settings, refused.Value!.Source);
        Assert.True((await MapAsync(bob)).Refused);

        var granted = await _service.SetUnmappedAsync(UnmappedUserPolicy.Default, Acme, OrganizationRoleGrant.Operator, Ct);
        Assert.Equal(new UnmappedUsersRule(UnmappedUserPolicy.Default, "acme", OrganizationRoleGrant.Operator), granted.Value!.Rule);
        Assert.Equal([new OrganizationGrant("acme", OrganizationRoleGrant.Operator)], (await MapAsync(bob)).Grants);

        var reset = await _service.ResetUnmappedAsync(Ct);
        Assert.Equal(new EffectiveUnmappedUsers(new KeycloakOptions().UnmappedRule, RoleMappingSource.Configuration, null), reset);
        Assert.Null(_stored.Unmapped);
        Assert.Equal([new OrganizationGrant("default", OrganizationRoleGrant.Viewer)], (await MapAsync(bob)).Grants);
        Assert.Equal(
            [
                ("settings.role_mapping.unmapped_changed", AuditOutcome.Succeeded, "No rule matches -> sign-in refused"),
                ("settings.role_mapping.unmapped_changed", AuditOutcome.Succeeded, "No rule matches -> Operator of 'acme'"),
                ("settings.role_mapping.unmapped_reset", AuditOutcome.Succeeded, "No rule matches -> Viewer of 'default'"),
            ],
            _audit.Events.Select(e => (e.Action, e.Outcome, e.Details)));
    }

    [Theory]
    [InlineData(UnmappedUserPolicy.Default, true, OrganizationRoleGrant.SuperAdmin, "role: Role must be Viewer, Operator or Admin.")]
    [InlineData(UnmappedUserPolicy.Default, false, OrganizationRoleGrant.Viewer, "organizationId: Choose the organisation users no rule matches join.")]
    [InlineData((UnmappedUserPolicy)7, true, OrganizationRoleGrant.Viewer, "policy: Policy must be Default (grant a role) or Refuse.")]
    public async Task SetUnmappedAsync_Invalid_NothingStoredFailureAudited(UnmappedUserPolicy policy, bool withOrganization, OrganizationRoleGrant role, string expected)
    {
        var result = await _service.SetUnmappedAsync(policy, withOrganization ? Acme : null, role, Ct);

        Assert.Equal(expected, result.Error!.Message);
        Assert.Null(_stored.Unmapped);
        var audited = Assert.Single(_audit.Events);
        Assert.Equal(("settings.role_mapping.unmapped_changed", AuditOutcome.Failed), (audited.Action, audited.Outcome));
    }

    [Fact]
    public async Task SetUnmappedAsync_UnknownOrganization_Invalid()
    {
        var result = await _service.SetUnmappedAsync(UnmappedUserPolicy.Default, Guid.NewGuid(), OrganizationRoleGrant.Viewer, Ct);

        Assert.Equal("organizationId: The organisation does not exist.", result.Error!.Message);
        Assert.Null(_stored.Unmapped);
    }

    private async Task<ExternalGrants> MapAsync(ExternalIdentity identity)
    {
        var (rules, unmapped) = await _catalog.MappingAsync(Ct);
        return ExternalRoleMapper.Map(identity, rules, unmapped);
    }
}
