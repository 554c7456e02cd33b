using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WindFlow.Core.Accounts;

/// <summary>
/// First-run setup: creates the first super admin from configuration or from the one-time setup
/// page, and answers whether setup is still required.
/// </summary>
public sealed partial class SetupService(
    IAccountAdministration accounts,
    SetupState state,
    IOptions<BootstrapAdminOptions> bootstrap,
    ILogger<SetupService> logger)
{
    /// <summary>True until a super admin exists.</summary>
    public async Task<bool> IsSetupRequiredAsync(CancellationToken cancellationToken)
    {
        if (state.AdminExists)
        {
            return false;
        }

        state.AdminExists = await accounts.AnySuperAdminAsync(cancellationToken);
        return !state.AdminExists;
    }

    /// <summary>Creates the super admin named by the environment, if configured and none exists yet.</summary>
    public async Task EnsureBootstrapAdminAsync(CancellationToken cancellationToken)
    {
        var options = bootstrap.Value;
        if (!options.IsConfigured)
        {
            if (await IsSetupRequiredAsync(cancellationToken))
            {
                LogSetupPending(logger);
            }

            return;
        }

        var result = await CompleteSetupAsync(options.UserName!, options.Email, options.Password!, cancellationToken);
        if (result.Errors.Count > 0 && result != AlreadyDone)
        {
            throw new InvalidOperationException(
                "WINDFLOW_ADMIN_USER / WINDFLOW_ADMIN_PASSWORD were refused: " + string.Join(" ", result.Errors));
        }

        if (result.Succeeded)
        {
            LogBootstrapAdminCreated(logger, options.UserName!);
        }
    }

    /// <summary>Creates the first super admin unless one already exists (then the result is <see cref="AlreadyDone"/>).</summary>
    public async Task<AccountOperationResult> CompleteSetupAsync(string userName, string? email, string password, CancellationToken cancellationToken)
    {
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!await IsSetupRequiredAsync(cancellationToken))
            {
                return AlreadyDone;
            }

            var result = await accounts.CreateSuperAdminAsync(userName.Trim(), string.IsNullOrWhiteSpace(email) ? null : email.Trim(), password, cancellationToken);
            state.AdminExists = result.Succeeded;
            return result;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>Returned when setup was already completed.</summary>
    public static AccountOperationResult AlreadyDone { get; } = AccountOperationResult.Fail("Setup is already complete: sign in instead.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator exists yet: open /setup in a browser to create one (or set WINDFLOW_ADMIN_USER and WINDFLOW_ADMIN_PASSWORD)")]
    private static partial void LogSetupPending(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created super admin {UserName} from WINDFLOW_ADMIN_USER")]
    private static partial void LogBootstrapAdminCreated(ILogger logger, string userName);
}

/// <summary>
/// Process-wide setup state. Once an admin exists it never stops existing through setup, so the
/// answer is cached and the per-request "is setup required" check costs nothing after that.
/// </summary>
public sealed class SetupState : IDisposable
{
    private volatile bool _adminExists;

    /// <summary>True once a super admin is known to exist.</summary>
    public bool AdminExists
    {
        get => _adminExists;
        set => _adminExists = value;
    }

    /// <summary>Serialises setup so that two forms posted at once cannot both create an admin.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <inheritdoc />
    public void Dispose() => Gate.Dispose();
}
