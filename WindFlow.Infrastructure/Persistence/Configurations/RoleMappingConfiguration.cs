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

internal sealed class UnmappedUsersSettingConfiguration : IEntityTypeConfiguration<UnmappedUsersSetting>
{
    public void Configure(EntityTypeBuilder<UnmappedUsersSetting> builder)
    {
        builder.ToTable("UnmappedUsersSettings");
        builder.HasKey(s => s.Id);
        // The key is the fixed singleton id, never generated.
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Policy).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Role).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
