using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WindFlow.Core.Accounts;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.ApiKeys;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Deployments;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Core.SystemInfo;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Docker;
using WindFlow.Infrastructure.Hosting;
using WindFlow.Infrastructure.Identity;
using WindFlow.Infrastructure.Persistence;
using WindFlow.Infrastructure.Secrets;
using WindFlow.Infrastructure.Workflows;

namespace WindFlow.Infrastructure;

/// <summary>Registers the adapters behind Core's ports.</summary>
public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Adds persistence, identity stores and Data Protection.</summary>
    public static IServiceCollection AddWindFlowInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var dataDir = DatabaseOptions.DataDirectory(configuration);
        services.Configure<DataDirectoryOptions>(o => o.Path = dataDir);

        // The provider decides which services exist, so it is read here, at composition time.
        var database = DatabaseOptions.Resolve(configuration, dataDir);
        services.AddSingleton(Options.Create(database));
        services.AddSingleton<IDatabaseDescriptor>(new DatabaseDescriptor(database.Provider));
        AddDbContexts(services, database);
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<IRefreshTokenStore, EfRefreshTokenStore>();
        services.AddSingleton<IAuditLog, EfAuditLog>();
        services.AddSingleton<IApiKeyStore, EfApiKeyStore>();
        services.AddSingleton<IRoleMappingStore, EfRoleMappingStore>();
        services.AddSingleton<ITargetStore, EfTargetStore>();
        services.AddSingleton<IStackStore, EfStackStore>();
        services.Configure<TemplateCatalogOptions>(configuration.GetSection(TemplateCatalogOptions.SectionName));
        services.AddSingleton<ITemplateSource, DirectoryTemplateSource>();
        services.AddSingleton<IDeploymentStore, EfDeploymentStore>();
        services.AddSingleton<IRunStore, EfRunStore>();
        services.AddSingleton<IOrganizationStore, EfOrganizationStore>();
        services.AddSingleton<IUserDirectory, IdentityUserDirectory>();

        services.AddIdentityCore<WindFlowUser>()
            .AddEntityFrameworkStores<WindFlowDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.Configure<IdentityOptions>(o =>
        {
            // Length over composition rules, as NIST SP 800-63B recommends.
            o.Password.RequiredLength = 12;
            o.Password.RequireDigit = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            o.Lockout.MaxFailedAccessAttempts = 5;
            o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            o.Lockout.AllowedForNewUsers = true;
            o.User.RequireUniqueEmail = false;
        });
        services.Configure<IdentityOptions>(configuration.GetSection("Identity"));
        services.AddScoped<IdentityCredentialVerifier>();
        services.AddScoped<ICredentialVerifier>(sp => new AuditedCredentialVerifier(
            sp.GetRequiredService<IdentityCredentialVerifier>(), sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<IAuditActor>()));
        services.AddSingleton<IAccountLookup, EfAccountLookup>();
        services.AddSingleton<ISignInInvalidator, SecurityStampInvalidator>();
        services.AddScoped<IAccountAdministration, IdentityAccountAdministration>();
        services.AddScoped<IExternalAccounts, IdentityExternalAccounts>();
        services.AddScoped<IExternalGrantSink, ClaimsExternalGrantSink>();

        services.AddDataProtection().SetApplicationName("WindFlow");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IDbContextFactory<WindFlowDbContext>>((o, contexts) => o.XmlRepository = new DbXmlRepository(contexts));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddWindFlowDocker();
        services.AddWindFlowWorkflows();
        return services;
    }

    private static void AddDbContexts(IServiceCollection services, DatabaseOptions database)
    {
        // Migrations are hand-written (the EF design package cannot be restored here), so there is
        // no model snapshot to compare with; SchemaTests prove migrations and model agree instead.
        static void Common(DbContextOptionsBuilder o) =>
            o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

        if (database.IsPostgres)
        {
            services.AddPooledDbContextFactory<PostgresWindFlowDbContext>(o =>
            {
                o.UseNpgsql(database.ConnectionString);
                Common(o);
            });
            services.AddSingleton<IDbContextFactory<WindFlowDbContext>, ContextFactoryAdapter<PostgresWindFlowDbContext>>();
        }
        else
        {
            services.AddSingleton<ConnectionMetricsInterceptor>();
            services.AddPooledDbContextFactory<SqliteWindFlowDbContext>((sp, o) =>
            {
                o.UseSqlite(database.ConnectionString);
                o.AddInterceptors(sp.GetRequiredService<ConnectionMetricsInterceptor>());
                Common(o);
            });
            services.AddSingleton<IDbContextFactory<WindFlowDbContext>, ContextFactoryAdapter<SqliteWindFlowDbContext>>();
        }

        // Identity's stores want a scoped context; it lives as long as one request's scope.
        services.AddScoped<WindFlowDbContext>(sp => sp.GetRequiredService<IDbContextFactory<WindFlowDbContext>>().CreateDbContext());
    }

    private sealed class ContextFactoryAdapter<T>(IDbContextFactory<T> inner) : IDbContextFactory<WindFlowDbContext>
        where T : WindFlowDbContext
    {
        public WindFlowDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<WindFlowDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }

    private sealed record DatabaseDescriptor(string Provider) : IDatabaseDescriptor;
}
