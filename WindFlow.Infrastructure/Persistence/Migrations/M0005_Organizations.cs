using Microsoft.EntityFrameworkCore.Migrations;
using WindFlow.Core.Organizations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>
/// Organisations, environments and memberships (issue #5). Everything that existed before goes to
/// the "Default" organisation: targets into its development environment, stacks and deployments
/// into it, and every account that is not a super admin becomes one of its viewers (the least
/// privilege that still lets them see what they saw before). Super admins need no membership.
/// </summary>
internal static class M0005_Organizations
{
    public const string Id = "20261202000005_Organizations";

    /// <summary>The Default organisation's development environment, where existing targets go.</summary>
    public static readonly Guid DefaultDevelopmentId = new("6f1d0c6e-5b1a-4c55-9d7e-000000000011");

    private static readonly Guid DefaultStagingId = new("6f1d0c6e-5b1a-4c55-9d7e-000000000012");
    private static readonly Guid DefaultProductionId = new("6f1d0c6e-5b1a-4c55-9d7e-000000000013");

    public static void Up(MigrationBuilder b)
    {
        b.CreateTable(
            name: "Organizations",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Slug = t.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Organizations", x => x.Id));
        b.CreateIndex("IX_Organizations_Slug", "Organizations", "Slug", unique: true);

        b.CreateTable(
            name: "Environments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                OrganizationId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 64, nullable: false),
                Kind = t.Column<string>(maxLength: 16, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Environments", x => x.Id);
                t.ForeignKey("FK_Environments_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_Environments_OrganizationId_Name", "Environments", ["OrganizationId", "Name"], unique: true);

        b.CreateTable(
            name: "Memberships",
            columns: t => new
            {
                UserId = t.Column<string>(nullable: false),
                OrganizationId = t.Column<Guid>(nullable: false),
                Role = t.Column<string>(maxLength: 16, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Memberships", x => new { x.UserId, x.OrganizationId });
                t.ForeignKey("FK_Memberships_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_Memberships_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_Memberships_OrganizationId", "Memberships", "OrganizationId");

        b.AddColumn<bool>("IsDeactivated", "AspNetUsers", nullable: false, defaultValue: false);

        // InsertData formats the ids the way each provider stores them (TEXT on SQLite, uuid on PostgreSQL).
        // No model backs a hand-written migration, so the column types are spelled out per provider.
        var postgres = b.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL";
        var id = postgres ? "uuid" : "TEXT";
        b.InsertData(
            "Organizations",
            ["Id", "Name", "Slug", "CreatedAt"],
            [id, postgres ? "character varying(100)" : "TEXT", postgres ? "character varying(64)" : "TEXT", postgres ? "timestamp with time zone" : "TEXT"],
            [Organization.DefaultId, "Default", Organization.DefaultSlug, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)]);
        b.InsertData(
            "Environments",
            ["Id", "OrganizationId", "Name", "Kind"],
            [id, id, postgres ? "character varying(64)" : "TEXT", postgres ? "character varying(16)" : "TEXT"],
            new object[,]
            {
                { DefaultDevelopmentId, Organization.DefaultId, "development", nameof(EnvironmentKind.Development) },
                { DefaultStagingId, Organization.DefaultId, "staging", nameof(EnvironmentKind.Staging) },
                { DefaultProductionId, Organization.DefaultId, "production", nameof(EnvironmentKind.Production) },
            });

        // Existing rows get the Default organisation through the column default. SQLite cannot
        // drop a default without rebuilding the table, so the model keeps the same default and
        // both providers stay on one schema; every service sets the owner explicitly.
        AddOwnerColumn(b, "Targets", "OrganizationId", Organization.DefaultId);
        AddOwnerColumn(b, "Targets", "EnvironmentId", DefaultDevelopmentId);
        AddOwnerColumn(b, "Stacks", "OrganizationId", Organization.DefaultId);
        AddOwnerColumn(b, "Deployments", "OrganizationId", Organization.DefaultId);
        b.CreateIndex("IX_Targets_OrganizationId", "Targets", "OrganizationId");
        b.CreateIndex("IX_Targets_EnvironmentId", "Targets", "EnvironmentId");
        b.CreateIndex("IX_Stacks_OrganizationId", "Stacks", "OrganizationId");
        b.CreateIndex("IX_Deployments_OrganizationId", "Deployments", "OrganizationId");

        var defaultId = postgres ? $"'{Organization.DefaultId}'::uuid" : $"'{Organization.DefaultId.ToString().ToUpperInvariant()}'";
        var notSuperAdmin = postgres ? "NOT \"IsSuperAdmin\"" : "\"IsSuperAdmin\" = 0";
        b.Sql($"INSERT INTO \"Memberships\" (\"UserId\", \"OrganizationId\", \"Role\") SELECT \"Id\", {defaultId}, 'Viewer' FROM \"AspNetUsers\" WHERE {notSuperAdmin};");
    }

    // EF's DropColumn needs a model to rebuild SQLite tables; SQLite 3.35+ and PostgreSQL both
    // drop an unindexed column with plain SQL.
    public static void Down(MigrationBuilder b)
    {
        b.DropIndex("IX_Deployments_OrganizationId", "Deployments");
        b.DropIndex("IX_Stacks_OrganizationId", "Stacks");
        b.DropIndex("IX_Targets_EnvironmentId", "Targets");
        b.DropIndex("IX_Targets_OrganizationId", "Targets");
        b.Sql("ALTER TABLE \"Deployments\" DROP COLUMN \"OrganizationId\";");
        b.Sql("ALTER TABLE \"Stacks\" DROP COLUMN \"OrganizationId\";");
        b.Sql("ALTER TABLE \"Targets\" DROP COLUMN \"EnvironmentId\";");
        b.Sql("ALTER TABLE \"Targets\" DROP COLUMN \"OrganizationId\";");
        b.Sql("ALTER TABLE \"AspNetUsers\" DROP COLUMN \"IsDeactivated\";");
        b.DropTable("Memberships");
        b.DropTable("Environments");
        b.DropTable("Organizations");
    }

    private static void AddOwnerColumn(MigrationBuilder b, string table, string column, Guid existingRows)
    {
        b.AddColumn<Guid>(column, table, nullable: false, defaultValue: existingRows);
    }
}
