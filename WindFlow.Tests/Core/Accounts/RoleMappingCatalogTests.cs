using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Accounts;

/// <summary>The effective mapping: configuration rules then settings rules, cached until a change or 30 s.</summary>
public sealed class RoleMappingCatalogTests
{
    private static readonly Guid Acme = InMemoryRoleMappingStore.Acme;
    private readonly InMemoryRoleMappingStore _stored = InMemoryRoleMappingStore.WithAcme();
    private readonly ManualTimeProvider _clock = new();
    private readonly RoleMappingCatalog _catalog;

    public RoleMappingCatalogTests()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new KeycloakOptions
        {
            RoleMappings = [new() { Claim = ExternalClaimKind.ClientRole, Value = "super-admin", Role = OrganizationRoleGrant.SuperAdmin }],
        });
        _catalog = new RoleMappingCatalog(_stored, options, _clock);
    }

    private RoleMapping Store(string value, Guid? organizationId, OrganizationRoleGrant role)
    {
        var mapping = new RoleMapping { Id = Guid.NewGuid(), Claim = ExternalClaimKind.Group, Value = value, OrganizationId = organizationId, Role = role };
        _stored.Mappings.Add(mapping);
        return mapping;
    }

    [Fact]
    public async Task EffectiveAsync_ConfigurationAndSettings_ConfigurationFirstSettingsWithIdAndCurrentSlug()
    {
        var stored = Store("/windflow/acme/operators", Acme, OrganizationRoleGrant.Operator);
        var superAdmin = Store("/admins", null, OrganizationRoleGrant.SuperAdmin);

        var rules = await _catalog.EffectiveAsync(CancellationToken.None);

        Assert.Equal([RoleMappingSource.Configuration, RoleMappingSource.Settings, RoleMappingSource.Settings], rules.Select(r => r.Source));
        Assert.Null(rules[0].Id);
        Assert.Equal("super-admin", rules[0].Rule.Value);
        Assert.Equal(stored.Id, rules[1].Id);
        Assert.Equal("acme", rules[1].Rule.Organization);
        Assert.Equal(OrganizationRoleGrant.Operator, rules[1].Rule.Role);
        Assert.Equal(superAdmin.Id, rules[2].Id);
        Assert.Null(rules[2].Rule.Organization);
        Assert.All(rules, r => Assert.Null(r.Rule.Validate()));
    }

    [Fact]
    public void Merge_SameGroupInBoth_HighestRoleWinsWhicheverSourceGaveIt()
    {
        var configured = new RoleMappingRule { Claim = ExternalClaimKind.Group, Value = "/ops", Organization = "acme", Role = OrganizationRoleGrant.Viewer };
        var stored = new RoleMapping { Id = Guid.NewGuid(), Claim = ExternalClaimKind.Group, Value = "/ops", OrganizationId = Acme, Role = OrganizationRoleGrant.Admin };

        var rules = RoleMappingCatalog.Merge([configured], [(stored, "acme")]);
        var grants = ExternalRoleMapper.Map(new ExternalIdentity("Keycloak", "s", null, null, ["/ops"], [], []), rules.Select(r => r.Rule), new KeycloakOptions().UnmappedRule);

        Assert.Equal([new OrganizationGrant("acme", OrganizationRoleGrant.Admin)], grants.Grants);
        Assert.True(grants.Matched);
    }

    [Fact]
    public async Task EffectiveAsync_SecondReadWithinLifetime_ServedFromCacheUntilInvalidated()
    {
        await _catalog.EffectiveAsync(CancellationToken.None);
        Store("/late", Acme, OrganizationRoleGrant.Viewer);

        var cached = await _catalog.EffectiveAsync(CancellationToken.None);
        _catalog.Invalidate();
        var fresh = await _catalog.EffectiveAsync(CancellationToken.None);

        Assert.Single(cached);
        Assert.Equal(2, fresh.Count);
        Assert.Equal(2, _stored.Reads);
    }

    [Fact]
    public async Task EffectiveAsync_AfterTheLifetime_ReadsTheStoreAgain()
    {
        await _catalog.EffectiveAsync(CancellationToken.None);
        Store("/elsewhere", Acme, OrganizationRoleGrant.Viewer);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(await _catalog.EffectiveAsync(CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(2, (await _catalog.EffectiveAsync(CancellationToken.None)).Count);
    }
}
