using Microsoft.AspNetCore.Identity;

namespace WindFlow.Infrastructure.Identity;

/// <summary>An ASP.NET Core Identity account with WindFlow's own fields.</summary>
public sealed class WindFlowUser : IdentityUser
{
    /// <summary>Super admins manage organisations, users and system settings.</summary>
    public bool IsSuperAdmin { get; set; }

    /// <summary>A deactivated account cannot sign in; it is kept so the audit log keeps its actor.</summary>
    public bool IsDeactivated { get; set; }

    /// <summary>Name shown in the UI; the user name when empty.</summary>
    public string? DisplayName { get; set; }

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Last successful sign-in, through any front door.</summary>
    public DateTimeOffset? LastSignInAt { get; set; }
}
