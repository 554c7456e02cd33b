using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>
/// What Keycloak users no rule matches get, when a super admin chose it on the settings page (one
/// row at most); it goes with its organisation, and configuration decides again.
/// </summary>
internal static class M0010_UnmappedUsersSettings
{
    public const string Id = "20261202000010_UnmappedUsersSettings";

    public static void Up(MigrationBuilder b)
    {
        b.CreateTable(
            name: "UnmappedUsersSettings",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false),
                Policy = t.Column<string>(maxLength: 16, nullable: false),
                OrganizationId = t.Column<Guid>(nullable: true),
                Role = t.Column<string>(maxLength: 16, nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_UnmappedUsersSettings", x => x.Id);
                t.ForeignKey("FK_UnmappedUsersSettings_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_UnmappedUsersSettings_OrganizationId", "UnmappedUsersSettings", "OrganizationId");
    }

    public static void Down(MigrationBuilder b) => b.DropTable("UnmappedUsersSettings");
}
