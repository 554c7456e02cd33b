namespace WindFlow.Core.Organizations;

/// <summary>Who is calling, as the web layer knows it (cookie, bearer token or Blazor circuit).</summary>
/// <param name="UserId">The account id, or null for an anonymous caller.</param>
/// <param name="UserName">The account name, for logs and messages.</param>
/// <param name="OrganizationId">The organisation the caller chose (<c>?organizationId=</c>, header or switcher), or null.</param>
public sealed record AccessCaller(string? UserId, string? UserName, Guid? OrganizationId)
{
    /// <summary>Someone who has not signed in.</summary>
    public static AccessCaller Anonymous { get; } = new(null, null, null);

    /// <summary>
    /// The caller's access as last loaded by <see cref="AccessGuard"/>: kept on the caller so that
    /// one request (or one circuit, briefly) reads the memberships once.
    /// </summary>
    public UserAccess? Loaded { get; set; }

    /// <summary>
    /// The organisation of the resource <see cref="AccessGuard"/> last checked for this caller (null
    /// after a check on something that belongs to no organisation). The operation that follows acts
    /// in it, so its audit event carries it without every service passing it along.
    /// </summary>
    public Guid? ActingOrganizationId { get; set; }
}

/// <summary>The request-scoped port that tells Core who calls; implemented by the web layer.</summary>
public interface IAccessContext
{
    /// <summary>The current caller; <see cref="AccessCaller.Anonymous"/> outside any request or circuit.</summary>
    AccessCaller Current { get; }
}

/// <summary>What a user may do: the super admin flag and one role per organisation.</summary>
/// <param name="UserId">The account id.</param>
/// <param name="IsSuperAdmin">The user flag.</param>
/// <param name="Memberships">Role per organisation id.</param>
/// <param name="LoadedAt">When it was read, so a long-lived circuit re-reads it.</param>
public sealed record UserAccess(string UserId, bool IsSuperAdmin, IReadOnlyDictionary<Guid, OrganizationRole> Memberships, DateTimeOffset LoadedAt)
{
    /// <summary>The role in <paramref name="organizationId"/>, or null when not a member.</summary>
    public OrganizationRole? RoleIn(Guid organizationId) => Memberships.TryGetValue(organizationId, out var role) ? role : null;
}

/// <summary>Why <see cref="AccessGuard"/> refused a call; the web layer maps each to one status.</summary>
public enum AccessDenial
{
    /// <summary>Nobody signed in (401).</summary>
    Unauthenticated,

    /// <summary>The resource is in an organisation the caller does not belong to: answered as if it did not exist (404).</summary>
    Hidden,

    /// <summary>The caller's role is too low (403).</summary>
    Forbidden,

    /// <summary>The caller belongs to several organisations and did not say which one (400).</summary>
    OrganizationRequired,
}

/// <summary>Thrown by <see cref="AccessGuard"/>; the API answers it with problem+json, the UI hides what would throw it.</summary>
public sealed class AccessDeniedException(AccessDenial denial, string message) : Exception(message)
{
    /// <summary>Why.</summary>
    public AccessDenial Denial { get; } = denial;
}
