using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>
/// Keycloak role mapping rules added on the settings page (configuration rules stay in
/// configuration). The organisation is referenced by id and its rules go with it.
/// </summary>
internal static class M0008_RoleMappings
{
    public const string Id = "20261202000008_RoleMappings";

    public static void Up(MigrationBuilder b)
    {
        b.CreateTable(
            name: "RoleMappings",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Claim = t.Column<string>(maxLength: 16, nullable: false),
                Value = t.Column<string>(maxLength: 256, nullable: false),
                OrganizationId = t.Column<Guid>(nullable: true),
                Role = t.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_RoleMappings", x => x.Id);
                t.ForeignKey("FK_RoleMappings_Organizations_OrganizationId", x => x.OrganizationId, "Organizations", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_RoleMappings_OrganizationId", "RoleMappings", "OrganizationId");
    }

    public static void Down(MigrationBuilder b) => b.DropTable("RoleMappings");
}
