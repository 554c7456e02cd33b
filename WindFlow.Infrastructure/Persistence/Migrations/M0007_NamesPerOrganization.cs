using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>
/// Stack and target names unique within their organisation instead of across all of them: a name
/// refused because another tenant uses it would tell that tenant's names. The (organisation, name)
/// index also serves lookups by organisation, so the single-column one goes.
/// </summary>
internal static class M0007_NamesPerOrganization
{
    public const string Id = "20261202000007_NamesPerOrganization";

    public static void Up(MigrationBuilder b)
    {
        foreach (var table in new[] { "Stacks", "Targets" })
        {
            b.DropIndex($"IX_{table}_Name", table);
            b.DropIndex($"IX_{table}_OrganizationId", table);
            b.CreateIndex($"IX_{table}_OrganizationId_Name", table, ["OrganizationId", "Name"], unique: true);
        }
    }

    // Fails, as it should, while two organisations use one name: the rows decide, not the migration.
    public static void Down(MigrationBuilder b)
    {
        foreach (var table in new[] { "Stacks", "Targets" })
        {
            b.DropIndex($"IX_{table}_OrganizationId_Name", table);
            b.CreateIndex($"IX_{table}_OrganizationId", table, "OrganizationId");
            b.CreateIndex($"IX_{table}_Name", table, "Name", unique: true);
        }
    }
}
