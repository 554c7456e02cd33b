using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;
using WindFlow.Infrastructure.Persistence.Migrations;

namespace WindFlow.Infrastructure.Persistence.Configurations;

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> builder)
    {
        builder.ToTable("Targets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).IsRequired().HasMaxLength(100);
        builder.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
        // Rows older than organisations got the Default one from this default (see M0005_Organizations).
        builder.Property(t => t.OrganizationId).HasDefaultValue(Organization.DefaultId);
        builder.Property(t => t.EnvironmentId).HasDefaultValue(M0005_Organizations.DefaultDevelopmentId);
        builder.HasIndex(t => t.EnvironmentId);
        builder.Property(t => t.Endpoint).IsRequired().HasMaxLength(500);
        // Labels are read and written with their target, never queried one by one: a JSON text
        // column keeps both providers on one schema without a child table.
        builder.Property(t => t.Labels)
            .IsRequired()
            .HasConversion(
                labels => JsonSerializer.Serialize(labels, JsonSerializerOptions.Default),
                json => Deserialize(json),
                new ValueComparer<IReadOnlyDictionary<string, string>>(
                    (a, b) => LabelsEqual(a, b),
                    labels => labels.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key.GetHashCode(), pair.Value.GetHashCode())),
                    labels => new Dictionary<string, string>(labels)));
        builder.Property(t => t.Status).IsRequired().HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.EngineVersion).HasMaxLength(64);
        builder.Property(t => t.ApiVersion).HasMaxLength(16);
        builder.Ignore(t => t.HasCredentials);
    }

    private static bool LabelsEqual(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        a is null || b is null
            ? ReferenceEquals(a, b)
            : a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static IReadOnlyDictionary<string, string> Deserialize(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, JsonSerializerOptions.Default) ?? [];
}
