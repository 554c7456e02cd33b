using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>Docker targets, with their credentials encrypted and their labels as JSON text.</summary>
internal static class M0002_Targets
{
    public const string Id = "20261122000002_Targets";

    public static void Up(MigrationBuilder b)
    {
        b.CreateTable(
            name: "Targets",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Endpoint = t.Column<string>(maxLength: 500, nullable: false),
                Labels = t.Column<string>(nullable: false),
                ProtectedCredentials = t.Column<string>(nullable: true),
                Status = t.Column<string>(maxLength: 16, nullable: false),
                StatusMessage = t.Column<string>(nullable: true),
                LastSeenAt = t.Column<DateTimeOffset>(nullable: true),
                EngineVersion = t.Column<string>(maxLength: 64, nullable: true),
                ApiVersion = t.Column<string>(maxLength: 16, nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Targets", x => x.Id));

        b.CreateIndex("IX_Targets_Name", "Targets", "Name", unique: true);
    }

    public static void Down(MigrationBuilder b) => b.DropTable("Targets");
}
