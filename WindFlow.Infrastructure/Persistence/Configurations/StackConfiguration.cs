using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;

namespace WindFlow.Infrastructure.Persistence.Configurations;

internal sealed class StackConfiguration : IEntityTypeConfiguration<Stack>
{
    public void Configure(EntityTypeBuilder<Stack> builder)
    {
        builder.ToTable("Stacks");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).IsRequired().HasMaxLength(100);
        builder.HasIndex(s => new { s.OrganizationId, s.Name }).IsUnique();
        // Rows older than organisations got the Default one from this default (see M0005_Organizations).
        builder.Property(s => s.OrganizationId).HasDefaultValue(Organization.DefaultId);
        builder.Property(s => s.Description).HasMaxLength(1000);
        builder.Property(s => s.Category).HasMaxLength(50);
        builder.Property(s => s.Icon).HasMaxLength(50);
        builder.Property(s => s.TemplateId).HasMaxLength(100);
        // Tags are read with their stack and filtered in memory: a JSON text column, as target labels.
        builder.Property(s => s.Tags)
            .IsRequired()
            .HasConversion(
                tags => JsonSerializer.Serialize(tags, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default) ?? new List<string>(),
                new ValueComparer<IReadOnlyList<string>>(
                    (a, b) => a == null || b == null ? ReferenceEquals(a, b) : a.SequenceEqual(b),
                    tags => tags.Aggregate(0, (hash, tag) => HashCode.Combine(hash, tag.GetHashCode())),
                    tags => tags.ToList()));
    }
}

internal sealed class StackVersionConfiguration : IEntityTypeConfiguration<StackVersion>
{
    public void Configure(EntityTypeBuilder<StackVersion> builder)
    {
        builder.ToTable("StackVersions");
        builder.HasKey(v => v.Id);
        // The unique pair is what makes two concurrent saves of one stack fail instead of both landing.
        builder.HasIndex(v => new { v.StackId, v.Number }).IsUnique();
        builder.HasOne<Stack>().WithMany().HasForeignKey(v => v.StackId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(v => v.Template).IsRequired();
        builder.Property(v => v.VariablesJson).IsRequired();
        builder.Property(v => v.ChangeSummary).HasMaxLength(500);
        builder.Property(v => v.Author).HasMaxLength(256);
    }
}
