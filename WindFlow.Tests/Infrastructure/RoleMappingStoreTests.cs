using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Organizations;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Infrastructure;

/// <summary>The stored unmapped-users choice on a migrated database: one row, replaced in place, gone with its organisation.</summary>
public abstract class RoleMappingStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IDbContextFactory<WindFlowDbContext>> CreateMigratedAsync();

    [Fact]
    public async Task Unmapped_SaveReplaceClear_OneRowReadBackWithTheSlug()
    {
        var contexts = await CreateMigratedAsync();
        var store = new EfRoleMappingStore(contexts);
        var organization = await AddOrganizationAsync(contexts, "newcomers");
        Assert.Null(await store.FindUnmappedAsync(CancellationToken.None));

        await store.SaveUnmappedAsync(new UnmappedUsersSetting { Policy = UnmappedUserPolicy.Refuse, UpdatedAt = Now }, CancellationToken.None);
        await store.SaveUnmappedAsync(
            new UnmappedUsersSetting { Policy = UnmappedUserPolicy.Default, OrganizationId = organization, Role = OrganizationRoleGrant.Operator, UpdatedAt = Now.AddMinutes(1) },
            CancellationToken.None);

        var (setting, slug) = (await store.FindUnmappedAsync(CancellationToken.None))!.Value;
        Assert.Equal((UnmappedUserPolicy.Default, organization, OrganizationRoleGrant.Operator, Now.AddMinutes(1)), (setting.Policy, setting.OrganizationId, setting.Role, setting.UpdatedAt));
        Assert.Equal("newcomers", slug);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.UnmappedUsersSettings.CountAsync());
        }

        Assert.True(await store.ClearUnmappedAsync(CancellationToken.None));
        Assert.False(await store.ClearUnmappedAsync(CancellationToken.None));
        Assert.Null(await store.FindUnmappedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Unmapped_OrganizationDeleted_SettingGoesWithItSoConfigurationDecidesAgain()
    {
        var contexts = await CreateMigratedAsync();
        var store = new EfRoleMappingStore(contexts);
        var organization = await AddOrganizationAsync(contexts, "short-lived");
        await store.SaveUnmappedAsync(
            new UnmappedUsersSetting { Policy = UnmappedUserPolicy.Default, OrganizationId = organization, Role = OrganizationRoleGrant.Viewer, UpdatedAt = Now },
            CancellationToken.None);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Organizations.Where(o => o.Id == organization).ExecuteDeleteAsync();
        }

        Assert.Null(await store.FindUnmappedAsync(CancellationToken.None));
    }

    private static async Task<Guid> AddOrganizationAsync(IDbContextFactory<WindFlowDbContext> contexts, string slug)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var organization = new Organization { Id = Guid.NewGuid(), Name = slug, Slug = slug, CreatedAt = Now };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        return organization.Id;
    }
}

public sealed class SqliteRoleMappingStoreTests : RoleMappingStoreTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("windflow-rmstore-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<IDbContextFactory<WindFlowDbContext>> CreateMigratedAsync() => MigratedDatabases.SqliteAsync(_directory);
}

[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PostgresRoleMappingStoreTests(PostgresServer server) : RoleMappingStoreTests
{
    protected override Task<IDbContextFactory<WindFlowDbContext>> CreateMigratedAsync() => MigratedDatabases.PostgresAsync(server);
}
