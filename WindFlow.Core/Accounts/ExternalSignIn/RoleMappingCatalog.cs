using Microsoft.Extensions.Options;

namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>
/// The effective role mapping every sign-in and every Keycloak bearer token is mapped with: the
/// configuration rules followed by the rules stored from the settings page.
/// </summary>
public sealed class RoleMappingCatalog(IRoleMappingStore store, IOptions<KeycloakOptions> options, TimeProvider clock)
{
    // Every Keycloak bearer request maps its token, so the stored rules are not read per request. A
    // change made here drops the copy at once; the lifetime bounds how long another instance on the
    // same database (a PostgreSQL cluster) keeps applying a rule deleted elsewhere.
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private Snapshot? _cached;
    private long _generation;

    private sealed record Snapshot(IReadOnlyList<EffectiveRoleMapping> Rules, DateTimeOffset LoadedAt, long Generation);

    /// <summary>Configuration rules first, then settings rules, as the settings page lists them.</summary>
    public async Task<IReadOnlyList<EffectiveRoleMapping>> EffectiveAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var generation = Interlocked.Read(ref _generation);
        if (Volatile.Read(ref _cached) is { } cached && cached.Generation == generation && now - cached.LoadedAt < Lifetime)
        {
            return cached.Rules;
        }

        var rules = Merge(options.Value.RoleMappings, await store.ListAsync(cancellationToken));
        // A change made while the rules were read bumped the generation: that copy is never served.
        Volatile.Write(ref _cached, new Snapshot(rules, now, generation));
        return rules;
    }

    /// <summary>The rules alone, for <see cref="ExternalRoleMapper"/>; a view over the cached copy, as every bearer request asks.</summary>
    public async Task<IEnumerable<RoleMappingRule>> RulesAsync(CancellationToken cancellationToken) =>
        (await EffectiveAsync(cancellationToken)).Select(r => r.Rule);

    /// <summary>Makes the next read go to the store; called after every change.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>Configuration rules (as configured) followed by stored rules with their organisation's current slug.</summary>
    public static IReadOnlyList<EffectiveRoleMapping> Merge(
        IEnumerable<RoleMappingRule> configured, IEnumerable<(RoleMapping Mapping, string? OrganizationSlug)> stored) =>
        configured.Select(rule => new EffectiveRoleMapping(rule, RoleMappingSource.Configuration, null))
            .Concat(stored.Select(s => new EffectiveRoleMapping(
                new RoleMappingRule
                {
                    Claim = s.Mapping.Claim,
                    Value = s.Mapping.Value,
                    Organization = s.Mapping.Role == OrganizationRoleGrant.SuperAdmin ? null : s.OrganizationSlug,
                    Role = s.Mapping.Role,
                },
                RoleMappingSource.Settings,
                s.Mapping.Id)))
            .ToList();
}
