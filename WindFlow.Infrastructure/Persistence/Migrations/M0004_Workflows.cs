using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>Workflows with their versions, runs, per-node run states, webhook token hashes and secrets.</summary>
internal static class M0004_Workflows
{
    public const string Id = "20261202000004_Workflows";

    public static void Up(MigrationBuilder b)
    {
        b.CreateTable(
            name: "Workflows",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Description = t.Column<string>(maxLength: 1000, nullable: true),
                Version = t.Column<int>(nullable: false),
                GraphJson = t.Column<string>(nullable: false),
                Enabled = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
                OrganizationId = t.Column<Guid>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Workflows", x => x.Id));
        b.CreateIndex("IX_Workflows_OrganizationId_Name", "Workflows", ["OrganizationId", "Name"]);

        b.CreateTable(
            name: "WorkflowVersions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkflowId = t.Column<Guid>(nullable: false),
                Number = t.Column<int>(nullable: false),
                GraphJson = t.Column<string>(nullable: false),
                ChangeSummary = t.Column<string>(maxLength: 500, nullable: true),
                Author = t.Column<string>(maxLength: 256, nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_WorkflowVersions", x => x.Id);
                t.ForeignKey("FK_WorkflowVersions_Workflows_WorkflowId", x => x.WorkflowId, "Workflows", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_WorkflowVersions_WorkflowId_Number", "WorkflowVersions", ["WorkflowId", "Number"], unique: true);

        b.CreateTable(
            name: "WorkflowRuns",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkflowId = t.Column<Guid>(nullable: false),
                WorkflowVersion = t.Column<int>(nullable: false),
                GraphJson = t.Column<string>(nullable: false),
                TriggerJson = t.Column<string>(nullable: true),
                VarsJson = t.Column<string>(nullable: false),
                Status = t.Column<string>(maxLength: 24, nullable: false),
                Error = t.Column<string>(nullable: true),
                RequestedBy = t.Column<string>(maxLength: 256, nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                StartedAt = t.Column<DateTimeOffset>(nullable: true),
                FinishedAt = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_WorkflowRuns", x => x.Id);
                t.ForeignKey("FK_WorkflowRuns_Workflows_WorkflowId", x => x.WorkflowId, "Workflows", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_WorkflowRuns_WorkflowId_CreatedAt", "WorkflowRuns", ["WorkflowId", "CreatedAt"]);
        b.CreateIndex("IX_WorkflowRuns_Status", "WorkflowRuns", "Status");

        b.CreateTable(
            name: "WorkflowNodeRuns",
            columns: t => new
            {
                RunId = t.Column<Guid>(nullable: false),
                NodeId = t.Column<string>(maxLength: 100, nullable: false),
                Status = t.Column<string>(maxLength: 24, nullable: false),
                Attempt = t.Column<int>(nullable: false),
                InputJson = t.Column<string>(nullable: true),
                OutputJson = t.Column<string>(nullable: true),
                PortsJson = t.Column<string>(nullable: true),
                Error = t.Column<string>(nullable: true),
                LogsJson = t.Column<string>(nullable: false),
                StartedAt = t.Column<DateTimeOffset>(nullable: true),
                FinishedAt = t.Column<DateTimeOffset>(nullable: true),
                ApprovalDeadline = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_WorkflowNodeRuns", x => new { x.RunId, x.NodeId });
                t.ForeignKey("FK_WorkflowNodeRuns_WorkflowRuns_RunId", x => x.RunId, "WorkflowRuns", "Id", onDelete: ReferentialAction.Cascade);
            });

        b.CreateTable(
            name: "WorkflowWebhooks",
            columns: t => new
            {
                WorkflowId = t.Column<Guid>(nullable: false),
                TokenHash = t.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_WorkflowWebhooks", x => x.WorkflowId);
                t.ForeignKey("FK_WorkflowWebhooks_Workflows_WorkflowId", x => x.WorkflowId, "Workflows", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_WorkflowWebhooks_TokenHash", "WorkflowWebhooks", "TokenHash", unique: true);

        b.CreateTable(
            name: "WorkflowSecrets",
            columns: t => new
            {
                Name = t.Column<string>(maxLength: 100, nullable: false),
                ProtectedValue = t.Column<string>(nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_WorkflowSecrets", x => x.Name));
    }

    public static void Down(MigrationBuilder b)
    {
        b.DropTable("WorkflowSecrets");
        b.DropTable("WorkflowWebhooks");
        b.DropTable("WorkflowNodeRuns");
        b.DropTable("WorkflowRuns");
        b.DropTable("WorkflowVersions");
        b.DropTable("Workflows");
    }
}
