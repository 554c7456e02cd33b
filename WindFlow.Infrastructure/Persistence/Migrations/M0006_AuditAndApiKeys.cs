using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>The audit log (time as Unix milliseconds, indexed for time and action queries) and hashed API keys.</summary>
internal static class M0006_AuditAndApiKeys
{
    public const string Id = "20261202000006_AuditAndApiKeys";

    public static void Up(MigrationBuilder b)
    {
        b.CreateTable(
            name: "AuditEvents",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false).Identity(b),
                Time = t.Column<long>(nullable: false),
                UserId = t.Column<string>(maxLength: 64, nullable: true),
                UserName = t.Column<string>(maxLength: 256, nullable: false),
                OrganizationId = t.Column<Guid>(nullable: true),
                Action = t.Column<string>(maxLength: 100, nullable: false),
                ResourceType = t.Column<string>(maxLength: 50, nullable: false),
                ResourceId = t.Column<string>(maxLength: 256, nullable: true),
                IpAddress = t.Column<string>(maxLength: 64, nullable: true),
                Outcome = t.Column<string>(maxLength: 16, nullable: false),
                Details = t.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_AuditEvents", x => x.Id));

        b.CreateTable(
            name: "ApiKeys",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UserId = t.Column<string>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                KeyHash = t.Column<string>(maxLength: 64, nullable: false),
                Prefix = t.Column<string>(maxLength: 16, nullable: false),
                ReadOnly = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                ExpiresAt = t.Column<DateTimeOffset>(nullable: true),
                LastUsedAt = t.Column<DateTimeOffset>(nullable: true),
                RevokedAt = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ApiKeys", x => x.Id);
                t.ForeignKey("FK_ApiKeys_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateIndex("IX_AuditEvents_Time", "AuditEvents", "Time");
        b.CreateIndex("IX_AuditEvents_Action_Time", "AuditEvents", ["Action", "Time"]);
        b.CreateIndex("IX_AuditEvents_UserName_Time", "AuditEvents", ["UserName", "Time"]);
        b.CreateIndex("IX_AuditEvents_ResourceId", "AuditEvents", "ResourceId");
        b.CreateIndex("IX_ApiKeys_KeyHash", "ApiKeys", "KeyHash", unique: true);
        b.CreateIndex("IX_ApiKeys_UserId", "ApiKeys", "UserId");
    }

    public static void Down(MigrationBuilder b)
    {
        b.DropTable("ApiKeys");
        b.DropTable("AuditEvents");
    }
}
