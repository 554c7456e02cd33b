using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Tests.Core.Accounts;

public sealed class ExternalRoleMapperTests
{
    private static KeycloakOptions Options(UnmappedUserPolicy unmapped = UnmappedUserPolicy.Default) => new()
    {
        RoleMappings =
        [
            new() { Claim = ExternalClaimKind.Group, Value = "/windflow/acme/operators", Organization = "acme", Role = OrganizationRoleGrant.Operator },
            new() { Claim = ExternalClaimKind.Group, Value = "/windflow/acme/viewers", Organization = "acme", Role = OrganizationRoleGrant.Viewer },
            new() { Claim = ExternalClaimKind.RealmRole, Value = "beta-admin", Organization = "beta", Role = OrganizationRoleGrant.Admin },
            new() { Claim = ExternalClaimKind.ClientRole, Value = "super-admin", Role = OrganizationRoleGrant.SuperAdmin },
        ],
        UnmappedUsers = unmapped,
        DefaultOrganization = "default",
        DefaultRole = OrganizationRoleGrant.Viewer,
    };

    // The configuration's rules alone, as the mapper gets them when no rule was added in settings.
    private static ExternalGrants Map(ExternalIdentity identity, KeycloakOptions options) => ExternalRoleMapper.Map(identity, options.RoleMappings, options.UnmappedRule);

    private static ExternalIdentity User(string[]? groups = null, string[]? realm = null, string[]? client = null) =>
        new("Keycloak", "sub-1", "alice", null, groups ?? [], realm ?? [], client ?? []);

    [Fact]
    public void Map_GroupRule_GrantsThatRoleInThatOrganization()
    {
        var grants = Map(User(groups: ["/windflow/acme/operators"]), Options());

        Assert.Equal([new OrganizationGrant("acme", OrganizationRoleGrant.Operator)], grants.Grants);
        Assert.False(grants.IsSuperAdmin);
        Assert.True(grants.Matched);
    }

    [Fact]
    public void Map_TwoGroupsOfOneOrganization_KeepsTheHighestRole()
    {
        var grants = Map(User(groups: ["/windflow/acme/viewers", "/windflow/acme/operators"]), Options());

        Assert.Equal([new OrganizationGrant("acme", OrganizationRoleGrant.Operator)], grants.Grants);
    }

    [Fact]
    public void Map_RealmAndClientRoles_GrantOrganizationRoleAndSuperAdmin()
    {
        var grants = Map(User(realm: ["beta-admin", "offline_access"], client: ["super-admin"]), Options());

        Assert.True(grants.IsSuperAdmin);
        Assert.Equal([new OrganizationGrant("beta", OrganizationRoleGrant.Admin)], grants.Grants);
    }

    [Fact]
    public void Map_RoleNameInTheWrongClaim_DoesNotMatch()
    {
        // "super-admin" as a realm role is not the client role the rule names.
        var grants = Map(User(realm: ["super-admin"], groups: ["/windflow/ACME/operators"]), Options(UnmappedUserPolicy.Refuse));

        Assert.True(grants.Refused);
        Assert.False(grants.IsSuperAdmin);
    }

    [Fact]
    public void Map_NoRuleMatches_GrantsTheDefaultRole()
    {
        var grants = Map(User(groups: ["/other"]), Options());

        Assert.False(grants.Matched);
        Assert.False(grants.Refused);
        Assert.Equal([new OrganizationGrant("default", OrganizationRoleGrant.Viewer)], grants.Grants);
    }

    [Fact]
    public void Map_NoRuleMatchesAndRefuseConfigured_Refuses()
    {
        var grants = Map(User(groups: ["/other"]), Options(UnmappedUserPolicy.Refuse));

        Assert.True(grants.Refused);
        Assert.Empty(grants.Grants);
    }
}
