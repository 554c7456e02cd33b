using WindFlow.Core.Accounts.ExternalSignIn;
using WindFlow.Core.Organizations;

namespace WindFlow.Tests.TestSupport;

/// <summary>Settings role mapping rules in memory; slugs come from <paramref name="organizations"/> as the EF join does. Counts reads to prove the cache.</summary>
public sealed class InMemoryRoleMappingStore(IOrganizationStore? organizations = null) : IRoleMappingStore
{
    public List<RoleMapping> Mappings { get; } = [];

    public int Reads { get; private set; }

    public async Task<IReadOnlyList<(RoleMapping Mapping, string? OrganizationSlug)>> ListAsync(CancellationToken cancellationToken)
    {
        Reads++;
        var rows = new List<(RoleMapping, string?)>();
        foreach (var mapping in Mappings)
        {
            var slug = mapping.OrganizationId is { } id && organizations is not null ? (await organizations.FindAsync(id, cancellationToken))?.Slug : null;
            rows.Add((mapping, slug));
        }

        return rows;
    }

    public Task AddAsync(RoleMapping mapping, CancellationToken cancellationToken)
    {
        Mappings.Add(mapping);
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(Mappings.RemoveAll(m => m.Id == id) == 1);
}
