using Microsoft.EntityFrameworkCore.Migrations;

namespace WindFlow.Infrastructure.Persistence.Migrations;

/// <summary>
/// A workflow run's cancel request, in a column of its own: in a cluster the instance asked to
/// cancel may not be the one executing the run, which reads the request from here. The executing
/// instance rewrites the run's other fields, so the request could not live in <c>Status</c>.
/// </summary>
internal static class M0009_RunCancelRequests
{
    public const string Id = "20261202000009_RunCancelRequests";

    public static void Up(MigrationBuilder b) =>
        b.AddColumn<DateTimeOffset>("CancelRequestedAt", "WorkflowRuns", nullable: true);

    // Plain SQL as in M0005: EF's DropColumn cannot run on SQLite without a model to rebuild the table.
    public static void Down(MigrationBuilder b) =>
        b.Sql("ALTER TABLE \"WorkflowRuns\" DROP COLUMN \"CancelRequestedAt\";");
}
