using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WindFlow.Core.Workflows;

namespace WindFlow.Infrastructure.Persistence.Configurations;

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    /// <summary>The tenant column (<see cref="Workflow.OrganizationId"/>); null for workflows saved before organisations.</summary>
    public const string OrganizationId = "OrganizationId";

    public void Configure(EntityTypeBuilder<Workflow> builder)
    {
        builder.ToTable("Workflows");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Name).IsRequired().HasMaxLength(WorkflowService.MaxNameLength);
        builder.Property(w => w.Description).HasMaxLength(1000);
        builder.Ignore(w => w.OwnerId);
        // Names are unique per organisation; the service checks it, because NULL organisations never collide in an index.
        builder.HasIndex(OrganizationId, nameof(Workflow.Name));
        builder.Property(w => w.Graph)
            .HasColumnName("GraphJson")
            .IsRequired()
            .HasConversion(g => WorkflowGraphJson.Write(g), json => WorkflowGraphJson.Read(json))
            .Metadata.SetValueComparer(new ValueComparer<WorkflowGraph>(
                (a, b) => ReferenceEquals(a, b) || (a != null && b != null && WorkflowGraphJson.Write(a) == WorkflowGraphJson.Write(b)),
                g => WorkflowGraphJson.Write(g).GetHashCode(StringComparison.Ordinal),
                g => WorkflowGraphJson.Read(WorkflowGraphJson.Write(g))));
    }
}

internal sealed class WorkflowVersionConfiguration : IEntityTypeConfiguration<WorkflowVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowVersion> builder)
    {
        builder.ToTable("WorkflowVersions");
        builder.HasKey(v => v.Id);
        builder.HasIndex(v => new { v.WorkflowId, v.Number }).IsUnique();
        builder.HasOne<Workflow>().WithMany().HasForeignKey(v => v.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(v => v.GraphJson).IsRequired();
        builder.Property(v => v.ChangeSummary).HasMaxLength(500);
        builder.Property(v => v.Author).HasMaxLength(256);
    }
}

internal sealed class WorkflowRunRecordConfiguration : IEntityTypeConfiguration<WorkflowRunRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowRunRecord> builder)
    {
        builder.ToTable("WorkflowRuns");
        builder.HasKey(r => r.Id);
        builder.HasOne<Workflow>().WithMany().HasForeignKey(r => r.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.WorkflowId, r.CreatedAt });
        builder.HasIndex(r => r.Status);
        builder.Property(r => r.GraphJson).IsRequired();
        builder.Property(r => r.VarsJson).IsRequired();
        builder.Property(r => r.Status).IsRequired().HasMaxLength(24);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
    }
}

internal sealed class WorkflowNodeRunRecordConfiguration : IEntityTypeConfiguration<WorkflowNodeRunRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowNodeRunRecord> builder)
    {
        builder.ToTable("WorkflowNodeRuns");
        builder.HasKey(n => new { n.RunId, n.NodeId });
        builder.HasOne<WorkflowRunRecord>().WithMany().HasForeignKey(n => n.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(n => n.NodeId).HasMaxLength(100);
        builder.Property(n => n.Status).IsRequired().HasMaxLength(24);
        builder.Property(n => n.LogsJson).IsRequired();
    }
}

internal sealed class WorkflowWebhookRecordConfiguration : IEntityTypeConfiguration<WorkflowWebhookRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowWebhookRecord> builder)
    {
        builder.ToTable("WorkflowWebhooks");
        builder.HasKey(w => w.WorkflowId);
        builder.HasOne<Workflow>().WithOne().HasForeignKey<WorkflowWebhookRecord>(w => w.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(w => w.TokenHash).IsRequired().HasMaxLength(64);
        builder.HasIndex(w => w.TokenHash).IsUnique();
    }
}

internal sealed class WorkflowSecretRecordConfiguration : IEntityTypeConfiguration<WorkflowSecretRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowSecretRecord> builder)
    {
        builder.ToTable("WorkflowSecrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.ProtectedValue).IsRequired();
    }
}
