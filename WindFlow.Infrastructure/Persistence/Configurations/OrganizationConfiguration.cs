using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WindFlow.Core.Organizations;
using WindFlow.Infrastructure.Identity;

namespace WindFlow.Infrastructure.Persistence.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("Organizations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Name).IsRequired().HasMaxLength(100);
        builder.Property(o => o.Slug).IsRequired().HasMaxLength(64);
        builder.HasIndex(o => o.Slug).IsUnique();
    }
}

internal sealed class OrganizationEnvironmentConfiguration : IEntityTypeConfiguration<OrganizationEnvironment>
{
    public void Configure(EntityTypeBuilder<OrganizationEnvironment> builder)
    {
        builder.ToTable("Environments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Name).IsRequired().HasMaxLength(64);
        builder.Property(e => e.Kind).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(e => new { e.OrganizationId, e.Name }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("Memberships");
        builder.HasKey(m => new { m.UserId, m.OrganizationId });
        builder.Property(m => m.Role).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.HasOne<WindFlowUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
