using Microsoft.Extensions.Options;

namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>
/// The effective role mapping every sign-in and every Keycloak bearer token is mapped with: the
/// configuration rules followed by the rules stored from the settings page, and the unmapped-users
/// rule (the one chosen in settings, else the configured one).
/// </summary>
public sealed class RoleMappingCatalog(IRoleMappingStore store, IOptions<KeycloakOptions> options, TimeProvider clock)
{
    // Every Keycloak bearer request maps its token, so the stored rules are not read per request. A
    // change made here drops the copy at once; the lifetime bounds how long another instance on the
    // same database (a PostgreSQL cluster) keeps applying a rule deleted elsewhere.
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private Snapshot? _cached;
    private long _generation;

    private sealed record Snapshot(IReadOnlyList<EffectiveRoleMapping> Rules, EffectiveUnmappedUsers Unmapped, DateTimeOffset LoadedAt, long Generation);

    /// <summary>Configuration rules first, then settings rules, as the settings page lists them.</summary>
    public async Task<IReadOnlyList<EffectiveRoleMapping>> EffectiveAsync(CancellationToken cancellationToken) =>
        (await SnapshotAsync(cancellationToken)).Rules;

    /// <summary>What users no rule matches get, and whether settings or configuration decided it.</summary>
    public async Task<EffectiveUnmappedUsers> UnmappedAsync(CancellationToken cancellationToken) =>
        (await SnapshotAsync(cancellationToken)).Unmapped;

    /// <summary>The rules and the unmapped-users rule, for <see cref="ExternalRoleMapper"/>; a view over the cached copy, as every bearer request asks.</summary>
    public async Task<(IEnumerable<RoleMappingRule> Rules, UnmappedUsersRule Unmapped)> MappingAsync(CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        return (snapshot.Rules.Select(r => r.Rule), snapshot.Unmapped.Rule);
    }

    private async Task<Snapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var generation = Interlocked.Read(ref _generation);
        if (Volatile.Read(ref _cached) is { } cached && cached.Generation == generation && now - cached.LoadedAt < Lifetime)
        {
            return cached;
        }

        var rules = Merge(options.Value.RoleMappings, await store.ListAsync(cancellationToken));
        var unmapped = await store.FindUnmappedAsync(cancellationToken) is var (setting, slug)
            ? new EffectiveUnmappedUsers(
                new UnmappedUsersRule(setting.Policy, setting.Policy == UnmappedUserPolicy.Refuse ? null : slug, setting.Role),
                RoleMappingSource.Settings,
                setting.OrganizationId)
            : new EffectiveUnmappedUsers(options.Value.UnmappedRule, RoleMappingSource.Configuration, null);
        // A change made while the rules were read bumped the generation: that copy is never served.
        var snapshot = new Snapshot(rules, unmapped, now, generation);
        Volatile.Write(ref _cached, snapshot);
        return snapshot;
    }

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
