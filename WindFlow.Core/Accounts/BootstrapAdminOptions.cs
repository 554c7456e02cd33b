namespace WindFlow.Core.Accounts;

/// <summary>
/// The first super admin, from <c>WINDFLOW_ADMIN_USER</c> / <c>WINDFLOW_ADMIN_PASSWORD</c>. When
/// either is missing the one-time <c>/setup</c> page is shown instead: there is no default password.
/// </summary>
public sealed class BootstrapAdminOptions
{
    /// <summary>User name of the first super admin.</summary>
    public string? UserName { get; set; }

    /// <summary>Its password.</summary>
    public string? Password { get; set; }

    /// <summary>Optional e-mail address.</summary>
    public string? Email { get; set; }

    /// <summary>True when both user name and password are given.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(UserName) && !string.IsNullOrEmpty(Password);
}
