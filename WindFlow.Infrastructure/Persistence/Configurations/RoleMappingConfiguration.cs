using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Organizations;

namespace WindFlow.Infrastructure.Persistence.Configurations;

internal sealed class RoleMappingConfiguration : IEntityTypeConfiguration<RoleMapping>
{
    public void Configure(EntityTypeBuilder<RoleMapping> builder)
    {
        builder.ToTable("RoleMappings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Claim).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Value).IsRequired().HasMaxLength(256);
        builder.Property(m => m.Role).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
