namespace WindFlow.Core.Accounts.ExternalSignIn;

/// <summary>Turns the groups and roles of a Keycloak user into WindFlow grants; pure, so the settings page and tests see exactly what sign-in applies.</summary>
public static class ExternalRoleMapper
{
    /// <summary>
    /// Applies every rule of <paramref name="rules"/> (the effective mapping); per organisation the
    /// highest role wins, so overlapping groups never demote a user. <paramref name="unmapped"/> says
    /// what users no rule matches get.
    /// </summary>
    public static ExternalGrants Map(ExternalIdentity identity, IEnumerable<RoleMappingRule> rules, UnmappedUsersRule unmapped)
    {
        var superAdmin = false;
        var matched = false;
        var byOrganization = new Dictionary<string, OrganizationRoleGrant>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            var source = rule.Claim switch
            {
                ExternalClaimKind.Group => identity.Groups,
                ExternalClaimKind.RealmRole => identity.RealmRoles,
                _ => identity.ClientRoles,
            };
            if (!source.Contains(rule.Value, StringComparer.Ordinal))
            {
                continue;
            }

            matched = true;
            if (rule.Role == OrganizationRoleGrant.SuperAdmin)
            {
                superAdmin = true;
                continue;
            }

            var slug = rule.Organization!.Trim();
            if (!byOrganization.TryGetValue(slug, out var held) || held < rule.Role)
            {
                byOrganization[slug] = rule.Role;
            }
        }

        if (!matched)
        {
            return unmapped.Policy == UnmappedUserPolicy.Refuse
                ? new ExternalGrants(false, [], false, Refused: true)
                : new ExternalGrants(false, [new OrganizationGrant(unmapped.Organization!, unmapped.Role)], false, false);
        }

        var grants = byOrganization
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new OrganizationGrant(g.Key, g.Value))
            .ToList();
        return new ExternalGrants(superAdmin, grants, true, false);
    }
}
