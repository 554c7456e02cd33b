namespace WindFlow.Core.Accounts;

/// <summary>The part of a user account that services and API responses need.</summary>
public sealed record AccountIdentity(string Id, string UserName, string? Email, bool IsSuperAdmin);
