using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Accounts;
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
