using WindFlow.Core.ApiKeys;
using WindFlow.Core.Common;

namespace WindFlow.Core.Organizations;

/// <summary>One of a user's memberships, with the organisation's name.</summary>
public sealed record UserMembership(Guid OrganizationId, string OrganizationName, string OrganizationSlug, OrganizationRole Role);

/// <summary>An API key as an administrator sees it: what identifies it and when it was used, never its hash or any part of the secret.</summary>
public sealed record ApiKeySummary(Guid Id, string Name, bool ReadOnly, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Everything the user detail page shows about one account.</summary>
public sealed record UserDetails(UserSummary User, IReadOnlyList<UserMembership> Memberships, IReadOnlyList<ApiKeySummary> ApiKeys);

/// <summary>A user's account, memberships and API keys in one read (super admins only).</summary>
public sealed class UserDetailsService(IUserDirectory users, IOrganizationStore organizations, IApiKeyStore keys, AccessGuard guard)
{
    /// <summary>The account with its memberships (by organisation name) and its keys (newest first).</summary>
    public async Task<OperationResult<UserDetails>> GetAsync(string id, CancellationToken cancellationToken)
    {
        await guard.DemandGlobalAsync(Resource.User, ActionClass.Read, cancellationToken);
        if (await users.FindAsync(id, cancellationToken) is not { } user)
        {
            return new OperationError(OperationErrorKind.NotFound, "No such user.");
        }

        var names = (await organizations.ListAsync(cancellationToken)).ToDictionary(o => o.Id);
        var memberships = (await organizations.ListMembershipsOfUserAsync(id, cancellationToken))
            .Where(m => names.ContainsKey(m.OrganizationId))
            .Select(m => new UserMembership(m.OrganizationId, names[m.OrganizationId].Name, names[m.OrganizationId].Slug, m.Role))
            .OrderBy(m => m.OrganizationName, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var apiKeys = (await keys.ListForUserAsync(id, cancellationToken))
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.ReadOnly, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt))
            .ToList();
        return OperationResult<UserDetails>.Ok(new UserDetails(user, memberships, apiKeys));
    }
}
