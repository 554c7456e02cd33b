using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WindFlow.Infrastructure.Identity;

namespace WindFlow.Infrastructure.Persistence.Configurations;

internal sealed class WindFlowUserConfiguration : IEntityTypeConfiguration<WindFlowUser>
{
    public void Configure(EntityTypeBuilder<WindFlowUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.IsSuperAdmin).HasDefaultValue(false);
        builder.Property(u => u.IsDeactivated).HasDefaultValue(false);
    }
}
