using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

// EF binds a migration to one context type, so each shared migration body is registered once per
// provider. Add a pair here for every new migration.

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0001_Initial.Id)]
internal sealed class SqliteInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0001_Initial.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0001_Initial.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0001_Initial.Id)]
internal sealed class PostgresInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0001_Initial.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0001_Initial.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0002_Targets.Id)]
internal sealed class SqliteTargets : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0002_Targets.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0002_Targets.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0002_Targets.Id)]
internal sealed class PostgresTargets : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0002_Targets.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0002_Targets.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0003_StacksAndDeployments.Id)]
internal sealed class SqliteStacksAndDeployments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0003_StacksAndDeployments.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0003_StacksAndDeployments.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0003_StacksAndDeployments.Id)]
internal sealed class PostgresStacksAndDeployments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0003_StacksAndDeployments.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0003_StacksAndDeployments.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0006_AuditAndApiKeys.Id)]
internal sealed class SqliteAuditAndApiKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0006_AuditAndApiKeys.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0006_AuditAndApiKeys.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0006_AuditAndApiKeys.Id)]
internal sealed class PostgresAuditAndApiKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0006_AuditAndApiKeys.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0006_AuditAndApiKeys.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0004_Workflows.Id)]
internal sealed class SqliteWorkflows : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0004_Workflows.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0004_Workflows.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0004_Workflows.Id)]
internal sealed class PostgresWorkflows : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0004_Workflows.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0004_Workflows.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0005_Organizations.Id)]
internal sealed class SqliteOrganizations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0005_Organizations.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0005_Organizations.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0005_Organizations.Id)]
internal sealed class PostgresOrganizations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0005_Organizations.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0005_Organizations.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0007_NamesPerOrganization.Id)]
internal sealed class SqliteNamesPerOrganization : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0007_NamesPerOrganization.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0007_NamesPerOrganization.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0007_NamesPerOrganization.Id)]
internal sealed class PostgresNamesPerOrganization : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0007_NamesPerOrganization.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0007_NamesPerOrganization.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0008_RoleMappings.Id)]
internal sealed class SqliteRoleMappings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0008_RoleMappings.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0008_RoleMappings.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0008_RoleMappings.Id)]
internal sealed class PostgresRoleMappings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0008_RoleMappings.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0008_RoleMappings.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0009_RunCancelRequests.Id)]
internal sealed class SqliteRunCancelRequests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0009_RunCancelRequests.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0009_RunCancelRequests.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0009_RunCancelRequests.Id)]
internal sealed class PostgresRunCancelRequests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0009_RunCancelRequests.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0009_RunCancelRequests.Down(migrationBuilder);
}

[DbContext(typeof(SqliteWindFlowDbContext))]
[Migration(M0010_UnmappedUsersSettings.Id)]
internal sealed class SqliteUnmappedUsersSettings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0010_UnmappedUsersSettings.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0010_UnmappedUsersSettings.Down(migrationBuilder);
}

[DbContext(typeof(PostgresWindFlowDbContext))]
[Migration(M0010_UnmappedUsersSettings.Id)]
internal sealed class PostgresUnmappedUsersSettings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => M0010_UnmappedUsersSettings.Up(migrationBuilder);

    protected override void Down(MigrationBuilder migrationBuilder) => M0010_UnmappedUsersSettings.Down(migrationBuilder);
}
