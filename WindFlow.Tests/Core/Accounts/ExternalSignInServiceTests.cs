using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Organizations;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Accounts;

public sealed class ExternalSignInServiceTests
{
    private sealed class FakeAccounts(ExternalAccountStatus status) : IExternalAccounts
    {
        public List<bool> Calls { get; } = [];

        public Task<ExternalAccountResult> FindOrProvisionAsync(ExternalIdentity identity, bool provision, CancellationToken cancellationToken)
        {
            Calls.Add(provision);
            return Task.FromResult(new ExternalAccountResult(status, status == ExternalAccountStatus.NotLinked ? null : "user-1"));
        }
    }

    private sealed class RecordingSink : IExternalGrantSink
    {
        public List<(string UserId, ExternalGrants Grants)> Applied { get; } = [];

        public Task ApplyAsync(string userId, ExternalGrants grants, CancellationToken cancellationToken)
        {
            Applied.Add((userId, grants));
            return Task.CompletedTask;
        }
    }

    private static readonly ExternalIdentity Alice = new("Keycloak", "sub-1", "alice", null, ["/windflow/acme/operators"], [], []);

    private static IOptions<KeycloakOptions> Options(UnmappedUserPolicy unmapped, bool provision = true) => Microsoft.Extensions.Options.Options.Create(new KeycloakOptions
    {
        ProvisionUsers = provision,
        UnmappedUsers = unmapped,
        RoleMappings = [new() { Claim = ExternalClaimKind.Group, Value = "/windflow/acme/operators", Organization = "acme", Role = OrganizationRoleGrant.Operator }],
    });

    private static ExternalSignInService Service(IExternalAccounts accounts, IExternalGrantSink sink, IOptions<KeycloakOptions> options, InMemoryRoleMappingStore? stored = null) =>
        new(accounts, sink, new RoleMappingCatalog(stored ?? new InMemoryRoleMappingStore(), options, TimeProvider.System), options);

    [Fact]
    public async Task SignInAsync_MappedUser_AppliesGrantsToTheLinkedAccount()
    {
        var accounts = new FakeAccounts(ExternalAccountStatus.Found);
        var sink = new RecordingSink();

        var result = await Service(accounts, sink, Options(UnmappedUserPolicy.Refuse)).SignInAsync(Alice, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("user-1", result.UserId);
        var (userId, grants) = Assert.Single(sink.Applied);
        Assert.Equal("user-1", userId);
        Assert.Equal([new OrganizationGrant("acme", OrganizationRoleGrant.Operator)], grants.Grants);
        Assert.Equal([true], accounts.Calls);
    }

    [Fact]
    public async Task SignInAsync_UnmappedUserWhenRefusing_NeitherProvisionsNorApplies()
    {
        var accounts = new FakeAccounts(ExternalAccountStatus.Found);
        var sink = new RecordingSink();
        var bob = Alice with { Groups = ["/elsewhere"] };

        var result = await Service(accounts, sink, Options(UnmappedUserPolicy.Refuse)).SignInAsync(bob, CancellationToken.None);

        Assert.Equal(ExternalSignInFailure.NoRoleMapping, result.Failure);
        Assert.Empty(accounts.Calls);
        Assert.Empty(sink.Applied);
    }

    [Fact]
    public async Task SignInAsync_RuleFromSettings_GrantsAlongsideTheConfigurationRules()
    {
        var stored = new InMemoryRoleMappingStore();
        var beta = stored.Organizations.AddOrganization(Guid.NewGuid(), "beta");
        stored.Mappings.Add(new RoleMapping { Id = Guid.NewGuid(), Claim = ExternalClaimKind.RealmRole, Value = "beta-admins", OrganizationId = beta.Id, Role = OrganizationRoleGrant.Admin });
        var sink = new RecordingSink();

        var result = await Service(new FakeAccounts(ExternalAccountStatus.Found), sink, Options(UnmappedUserPolicy.Refuse), stored)
            .SignInAsync(Alice with { RealmRoles = ["beta-admins"] }, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([new OrganizationGrant("acme", OrganizationRoleGrant.Operator), new OrganizationGrant("beta", OrganizationRoleGrant.Admin)], Assert.Single(sink.Applied).Grants.Grants);
    }

    [Fact]
    public async Task SignInAsync_OnlyASettingsRuleMatchesWhenRefusing_IsLetIn()
    {
        var stored = new InMemoryRoleMappingStore();
        stored.Mappings.Add(new RoleMapping { Id = Guid.NewGuid(), Claim = ExternalClaimKind.Group, Value = "/elsewhere", OrganizationId = Organization.DefaultId, Role = OrganizationRoleGrant.Viewer });

        var result = await Service(new FakeAccounts(ExternalAccountStatus.Found), new RecordingSink(), Options(UnmappedUserPolicy.Refuse), stored)
            .SignInAsync(Alice with { Groups = ["/elsewhere"] }, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal([new OrganizationGrant(Organization.DefaultSlug, OrganizationRoleGrant.Viewer)], result.Grants.Grants);
    }

    [Theory]
    [InlineData(ExternalAccountStatus.NotLinked, ExternalSignInFailure.NotProvisioned)]
    [InlineData(ExternalAccountStatus.Disabled, ExternalSignInFailure.AccountDisabled)]
    public async Task SignInAsync_AccountNotUsable_FailsWithoutApplying(ExternalAccountStatus status, ExternalSignInFailure expected)
    {
        var accounts = new FakeAccounts(status);
        var sink = new RecordingSink();

        var result = await Service(accounts, sink, Options(UnmappedUserPolicy.Default, provision: false)).SignInAsync(Alice, CancellationToken.None);

        Assert.Equal(expected, result.Failure);
        Assert.Equal([false], accounts.Calls);
        Assert.Empty(sink.Applied);
    }
}
