using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WindFlow.Core.Deployments;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Persistence.Configurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> builder)
    {
        builder.ToTable("Deployments");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).IsRequired().HasMaxLength(63);
        builder.HasIndex(d => new { d.TargetId, d.Name });
        builder.HasIndex(d => d.OrganizationId);
        // Rows older than organisations got the Default one from this default (see M0005_Organizations).
        builder.Property(d => d.OrganizationId).HasDefaultValue(Organization.DefaultId);
        // Restrict: a stack or target in use cannot disappear under its deployments.
        builder.HasOne<Stack>().WithMany().HasForeignKey(d => d.StackId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Target>().WithMany().HasForeignKey(d => d.TargetId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.ProtectedValues).IsRequired();
        builder.Property(d => d.Status).IsRequired().HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class DeploymentRevisionConfiguration : IEntityTypeConfiguration<DeploymentRevision>
{
    public void Configure(EntityTypeBuilder<DeploymentRevision> builder)
    {
        builder.ToTable("DeploymentRevisions");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.DeploymentId, r.Number }).IsUnique();
        builder.HasOne<Deployment>().WithMany().HasForeignKey(r => r.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.RenderedCompose).IsRequired();
        builder.Property(r => r.ProtectedValues).IsRequired();
        builder.Property(r => r.ValuesHash).IsRequired().HasMaxLength(64);
        builder.Property(r => r.ImageDigestsJson).IsRequired();
    }
}

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> builder)
    {
        builder.ToTable("Runs");
        builder.HasKey(r => r.Id);
        builder.HasOne<Deployment>().WithMany().HasForeignKey(r => r.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.DeploymentId, r.CreatedAt });
        // One active run per deployment, enforced by the database (nulls do not collide).
        builder.HasIndex(r => r.ActiveDeploymentId).IsUnique();
        builder.HasIndex(r => r.Status);
        builder.Property(r => r.Kind).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Ignore(r => r.IsFinished);
    }
}

internal sealed class RunEventConfiguration : IEntityTypeConfiguration<RunEvent>
{
    public void Configure(EntityTypeBuilder<RunEvent> builder)
    {
        builder.ToTable("RunEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.HasIndex(e => new { e.RunId, e.Sequence }).IsUnique();
        builder.HasOne<Run>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Level).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Service).HasMaxLength(100);
        builder.Property(e => e.Step).HasMaxLength(32);
        builder.Property(e => e.Message).IsRequired();
    }
}
