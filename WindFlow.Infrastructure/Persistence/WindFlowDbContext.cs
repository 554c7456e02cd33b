using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Accounts;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.ApiKeys;
using WindFlow.Core.Auditing;
using WindFlow.Core.Deployments;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Identity;
using WindFlow.Infrastructure.Secrets;

namespace WindFlow.Infrastructure.Persistence;

/// <summary>
/// WindFlow's one database. Each provider has a subclass only so that its hand-written migrations
/// can be told apart (EF binds migrations to a context type).
/// </summary>
public abstract class WindFlowDbContext(DbContextOptions options) : IdentityDbContext<WindFlowUser>(options)
{
    /// <summary>API refresh tokens (hashed).</summary>
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    /// <summary>Container engines WindFlow deploys to.</summary>
    public DbSet<Target> Targets => Set<Target>();

    /// <summary>Stack templates.</summary>
    public DbSet<Stack> Stacks => Set<Stack>();

    /// <summary>Immutable versions of stacks.</summary>
    public DbSet<StackVersion> StackVersions => Set<StackVersion>();

    /// <summary>Stacks running on targets.</summary>
    public DbSet<Deployment> Deployments => Set<Deployment>();

    /// <summary>What each successful apply ran.</summary>
    public DbSet<DeploymentRevision> DeploymentRevisions => Set<DeploymentRevision>();

    /// <summary>Actions on deployments.</summary>
    public DbSet<Run> Runs => Set<Run>();

    /// <summary>What happened during runs.</summary>
    public DbSet<RunEvent> RunEvents => Set<RunEvent>();

    /// <summary>Who did what, when (pruned by age).</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>API keys (hashed).</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>Tenants.</summary>
    public DbSet<Organization> Organizations => Set<Organization>();

    /// <summary>Groups of targets inside organisations.</summary>
    public DbSet<OrganizationEnvironment> Environments => Set<OrganizationEnvironment>();

    /// <summary>Who has which role in which organisation.</summary>
    public DbSet<Membership> Memberships => Set<Membership>();

    /// <summary>Keycloak role mapping rules added on the settings page.</summary>
    public DbSet<RoleMapping> RoleMappings => Set<RoleMapping>();

    public DbSet<UnmappedUsersSetting> UnmappedUsersSettings => Set<UnmappedUsersSetting>();

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(WindFlowDbContext).Assembly);
    }
}

/// <summary>The SQLite flavour of <see cref="WindFlowDbContext"/>.</summary>
public sealed class SqliteWindFlowDbContext(DbContextOptions<SqliteWindFlowDbContext> options) : WindFlowDbContext(options);

/// <summary>The PostgreSQL flavour of <see cref="WindFlowDbContext"/>.</summary>
public sealed class PostgresWindFlowDbContext(DbContextOptions<PostgresWindFlowDbContext> options) : WindFlowDbContext(options);
