using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>Stacks with their versions; deployments with revisions, runs and run events.</summary>
internal static class M0003_StacksAndDeployments
{
    public const string Id = "20261201000003_StacksAndDeployments";

    public static void Up(MigrationBuilder b)
    {
        b.CreateTable(
            name: "Stacks",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Description = t.Column<string>(maxLength: 1000, nullable: true),
                Category = t.Column<string>(maxLength: 50, nullable: true),
                Icon = t.Column<string>(maxLength: 50, nullable: true),
                Tags = t.Column<string>(nullable: false),
                LatestVersion = t.Column<int>(nullable: false),
                Archived = t.Column<bool>(nullable: false),
                TemplateId = t.Column<string>(maxLength: 100, nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Stacks", x => x.Id));
        b.CreateIndex("IX_Stacks_Name", "Stacks", "Name", unique: true);

        b.CreateTable(
            name: "StackVersions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                StackId = t.Column<Guid>(nullable: false),
                Number = t.Column<int>(nullable: false),
                Template = t.Column<string>(nullable: false),
                VariablesJson = t.Column<string>(nullable: false),
                ChangeSummary = t.Column<string>(maxLength: 500, nullable: true),
                Author = t.Column<string>(maxLength: 256, nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_StackVersions", x => x.Id);
                t.ForeignKey("FK_StackVersions_Stacks_StackId", x => x.StackId, "Stacks", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_StackVersions_StackId_Number", "StackVersions", ["StackId", "Number"], unique: true);

        b.CreateTable(
            name: "Deployments",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 63, nullable: false),
                StackId = t.Column<Guid>(nullable: false),
                StackVersion = t.Column<int>(nullable: false),
                TargetId = t.Column<Guid>(nullable: false),
                ProtectedValues = t.Column<string>(nullable: false),
                Status = t.Column<string>(maxLength: 16, nullable: false),
                StatusMessage = t.Column<string>(nullable: true),
                CurrentRevision = t.Column<int>(nullable: true),
                AutoRollback = t.Column<bool>(nullable: false),
                Adopted = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Deployments", x => x.Id);
                t.ForeignKey("FK_Deployments_Stacks_StackId", x => x.StackId, "Stacks", "Id", onDelete: ReferentialAction.Restrict);
                t.ForeignKey("FK_Deployments_Targets_TargetId", x => x.TargetId, "Targets", "Id", onDelete: ReferentialAction.Restrict);
            });
        b.CreateIndex("IX_Deployments_StackId", "Deployments", "StackId");
        b.CreateIndex("IX_Deployments_TargetId_Name", "Deployments", ["TargetId", "Name"]);

        b.CreateTable(
            name: "DeploymentRevisions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                DeploymentId = t.Column<Guid>(nullable: false),
                Number = t.Column<int>(nullable: false),
                StackVersion = t.Column<int>(nullable: false),
                RenderedCompose = t.Column<string>(nullable: false),
                ProtectedValues = t.Column<string>(nullable: false),
                ValuesHash = t.Column<string>(maxLength: 64, nullable: false),
                ImageDigestsJson = t.Column<string>(nullable: false),
                RunId = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_DeploymentRevisions", x => x.Id);
                t.ForeignKey("FK_DeploymentRevisions_Deployments_DeploymentId", x => x.DeploymentId, "Deployments", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_DeploymentRevisions_DeploymentId_Number", "DeploymentRevisions", ["DeploymentId", "Number"], unique: true);

        b.CreateTable(
            name: "Runs",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                DeploymentId = t.Column<Guid>(nullable: false),
                Kind = t.Column<string>(maxLength: 16, nullable: false),
                Status = t.Column<string>(maxLength: 16, nullable: false),
                ActiveDeploymentId = t.Column<Guid>(nullable: true),
                ProtectedParameters = t.Column<string>(nullable: true),
                RequestedBy = t.Column<string>(maxLength: 256, nullable: true),
                Revision = t.Column<int>(nullable: true),
                Error = t.Column<string>(nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                StartedAt = t.Column<DateTimeOffset>(nullable: true),
                FinishedAt = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Runs", x => x.Id);
                t.ForeignKey("FK_Runs_Deployments_DeploymentId", x => x.DeploymentId, "Deployments", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_Runs_ActiveDeploymentId", "Runs", "ActiveDeploymentId", unique: true);
        b.CreateIndex("IX_Runs_DeploymentId_CreatedAt", "Runs", ["DeploymentId", "CreatedAt"]);
        b.CreateIndex("IX_Runs_Status", "Runs", "Status");

        b.CreateTable(
            name: "RunEvents",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false).Identity(b),
                RunId = t.Column<Guid>(nullable: false),
                Sequence = t.Column<int>(nullable: false),
                Time = t.Column<DateTimeOffset>(nullable: false),
                Level = t.Column<string>(maxLength: 16, nullable: false),
                Service = t.Column<string>(maxLength: 100, nullable: true),
                Step = t.Column<string>(maxLength: 32, nullable: true),
                Message = t.Column<string>(nullable: false),
                Progress = t.Column<int>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_RunEvents", x => x.Id);
                t.ForeignKey("FK_RunEvents_Runs_RunId", x => x.RunId, "Runs", "Id", onDelete: ReferentialAction.Cascade);
            });
        b.CreateIndex("IX_RunEvents_RunId_Sequence", "RunEvents", ["RunId", "Sequence"], unique: true);
    }

    public static void Down(MigrationBuilder b)
    {
        b.DropTable("RunEvents");
        b.DropTable("Runs");
        b.DropTable("DeploymentRevisions");
        b.DropTable("Deployments");
        b.DropTable("StackVersions");
        b.DropTable("Stacks");
    }
}
