using Microsoft.AspNetCore.Components;
using Radzen;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Pages.Administration;

/// <summary>One account: deactivate or reactivate it, grant or remove super admin; its memberships and API keys.</summary>
public sealed partial class UserPage
{
    [Inject]
    private UserService Users { get; set; } = default!;

    [Inject]
    private UserDetailsService Details { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    /// <summary>The account id from the address.</summary>
    [Parameter]
    public string Id { get; set; } = "";

    private bool? _allowed;
    private UserDetails? _details;
    private OperationError? _error;
    private string? _email;

    protected override async Task OnParametersSetAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        _allowed = await Access.IsSuperAdminAsync();
        if (_allowed is true)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        var details = await Details.GetAsync(Id, CancellationToken.None);
        _details = details.Value;
        _email = _details?.User.Email;
        _error ??= details.Error;
    }

    private async Task ToggleActiveAsync()
    {
        var user = _details!.User;
        if (user.IsActive && await Dialogs.Confirm(
                $"{user.UserName} can no longer sign in, their sessions end and their API keys stop working. Reactivating lets them in again.",
                $"Deactivate {user.UserName}?",
                new ConfirmOptions { OkButtonText = "Deactivate", CancelButtonText = "Cancel" }) != true)
        {
            return;
        }

        await UpdateAsync(null, !user.IsActive);
    }

    private async Task ToggleSuperAdminAsync()
    {
        var user = _details!.User;
        var confirmed = await Dialogs.Confirm(
            user.IsSuperAdmin
                ? $"{user.UserName} keeps their organisation roles but no longer manages organisations, users and settings."
                : $"{user.UserName} may do anything in every organisation, manage users and change settings.",
            user.IsSuperAdmin ? $"Remove super admin from {user.UserName}?" : $"Make {user.UserName} super admin?",
            new ConfirmOptions { OkButtonText = user.IsSuperAdmin ? "Remove super admin" : "Make super admin", CancelButtonText = "Cancel" });
        if (confirmed == true)
        {
            await UpdateAsync(!user.IsSuperAdmin, null);
        }
    }

    // An emptied box clears the email (the service treats "" as none, null as unchanged).
    private Task SaveEmailAsync() => UpdateAsync(null, null, _email ?? "");

    private async Task UpdateAsync(bool? superAdmin, bool? active, string? email = null)
    {
        var result = await Users.UpdateAsync(Id, email, superAdmin, active, CancellationToken.None);
        _error = result.Error;
        await LoadAsync();
    }
}
