using Microsoft.AspNetCore.Components;
using Radzen;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Pages.Administration;

/// <summary>An organisation's members: add an existing user with a role, change roles, remove. The anti-escalation rules are MembershipService's.</summary>
public sealed partial class MembersPage
{
    private static readonly OrganizationRole[] Roles = Enum.GetValues<OrganizationRole>();

    [Inject]
    private MembershipService Memberships { get; set; } = default!;

    [Inject]
    private OrganizationService Organizations { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    /// <summary>The organisation id from the address.</summary>
    [Parameter]
    public Guid Id { get; set; }

    private bool? _allowed;
    private Organization? _organization;
    private IReadOnlyList<MemberView> _members = [];
    private string? _userName;
    private OrganizationRole _role = OrganizationRole.Viewer;
    private OperationError? _error;

    protected override async Task OnParametersSetAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        _allowed = await Access.CanAsync(Id, Resource.Member, ActionClass.Manage);
        if (_allowed is true)
        {
            _organization = (await Organizations.GetAsync(Id, CancellationToken.None)).Value;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        var members = await Memberships.ListAsync(Id, CancellationToken.None);
        _members = members.Value ?? [];
        _error ??= members.Error;
    }

    private async Task AddAsync()
    {
        var result = await Memberships.AddAsync(Id, _userName, _role, CancellationToken.None);
        _error = result.Error;
        if (result.Succeeded)
        {
            _userName = null;
        }

        await LoadAsync();
    }

    private async Task ChangeRoleAsync(MemberView member, OrganizationRole role)
    {
        var result = await Memberships.ChangeRoleAsync(Id, member.UserId, role, CancellationToken.None);
        _error = result.Error;
        // Reloading puts a refused change back to the role the member still has.
        await LoadAsync();
    }

    private async Task RemoveAsync(MemberView member)
    {
        var confirmed = await Dialogs.Confirm(
            $"{member.UserName} loses access to everything in {_organization?.Name}. Their account is kept.",
            $"Remove {member.UserName}?",
            new ConfirmOptions { OkButtonText = "Remove member", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        var result = await Memberships.RemoveAsync(Id, member.UserId, CancellationToken.None);
        _error = result.Error;
        await LoadAsync();
    }
}
