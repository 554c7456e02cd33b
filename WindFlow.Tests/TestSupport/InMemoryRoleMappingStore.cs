using WindFlow.Core.Accounts.ExternalSignIn;

namespace WindFlow.Tests.TestSupport;

/// <summary>Settings role mapping rules in memory; slugs come from <paramref name="organizations"/> as the EF join does. Counts reads to prove the cache.</summary>
public sealed class InMemoryRoleMappingStore(InMemoryOrganizationStore? organizations = null) : IRoleMappingStore
{
    /// <summary>The organisation <see cref="WithAcme"/> adds next to the Default one.</summary>
    public static readonly Guid Acme = Guid.NewGuid();

    public List<RoleMapping> Mappings { get; } = [];

    public InMemoryOrganizationStore Organizations { get; } = organizations ?? InMemoryOrganizationStore.WithDefault();

    public int Reads { get; private set; }

    public async Task<IReadOnlyList<(RoleMapping Mapping, string? OrganizationSlug)>> ListAsync(CancellationToken cancellationToken)
    {
        Reads++;
        var rows = new List<(RoleMapping, string?)>();
        foreach (var mapping in Mappings)
        {
            var slug = mapping.OrganizationId is { } id ? (await Organizations.FindAsync(id, cancellationToken))?.Slug : null;
            rows.Add((mapping, slug));
        }

        return rows;
    }

    /// <summary>A store whose organisations are Default and acme (<see cref="Acme"/>).</summary>
    public static InMemoryRoleMappingStore WithAcme()
    {
        var organizations = InMemoryOrganizationStore.WithDefault();
        organizations.AddOrganization(Acme, "acme");
        return new InMemoryRoleMappingStore(organizations);
    }

    public Task AddAsync(RoleMapping mapping, CancellationToken cancellationToken)
    {
        Mappings.Add(mapping);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(Mappings.RemoveAll(m => m.Id == id) == 1);

    public UnmappedUsersSetting? Unmapped { get; set; }

    // Read with the rules in the same load, so not counted apart.
    public async Task<(UnmappedUsersSetting Setting, string? OrganizationSlug)?> FindUnmappedAsync(CancellationToken cancellationToken)
    {
        if (Unmapped is not { } setting)
        {
            return null;
        }

        var slug = setting.OrganizationId is { } id ? (await Organizations.FindAsync(id, cancellationToken))?.Slug : null;
        return (setting, slug);
    }

    public Task SaveUnmappedAsync(UnmappedUsersSetting setting, CancellationToken cancellationToken)
    {
        Unmapped = setting;
        return Task.CompletedTask;
    }

    public Task<bool> ClearUnmappedAsync(CancellationToken cancellationToken)
    {
        var had = Unmapped is not null;
        Unmapped = null;
        return Task.FromResult(had);
    }
}
