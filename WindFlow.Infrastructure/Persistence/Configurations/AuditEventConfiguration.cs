using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WindFlow.Core.Auditing;

namespace WindFlow.Infrastructure.Persistence.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("AuditEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        // Unix milliseconds: SQLite cannot compare or sort DateTimeOffset columns, and the log is
        // queried by time range on both providers.
        builder.Property(e => e.Time).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        builder.Property(e => e.UserId).HasMaxLength(64);
        builder.Property(e => e.UserName).IsRequired().HasMaxLength(256);
        builder.Property(e => e.Action).IsRequired().HasMaxLength(100);
        builder.Property(e => e.ResourceType).IsRequired().HasMaxLength(50);
        builder.Property(e => e.ResourceId).HasMaxLength(256);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Details).HasMaxLength(1000);
        builder.HasIndex(e => e.Time);
        builder.HasIndex(e => new { e.Action, e.Time });
        builder.HasIndex(e => new { e.UserName, e.Time });
        builder.HasIndex(e => e.ResourceId);
    }
}
