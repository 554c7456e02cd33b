using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Pages.Stacks;

/// <summary>A stack's versions: view one, compare any two side by side, restore an old one as a new version.</summary>
public sealed partial class StackVersionsPage
{
    private Stack? _stack;
    private IReadOnlyList<StackVersion>? _versions;
    private List<int> _numbers = [];
    private int? _left;
    private int? _right;
    private string? _leftText;
    private string? _rightText;
    private string? _viewing;
    private int? _viewingNumber;
    private string? _error;
    private bool _restoring;
    private bool _canRestore;

    [Parameter]
    public Guid Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private StackService Stacks { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var current = await Stacks.GetAsync(Id, null, CancellationToken.None);
        var versions = await Stacks.VersionsAsync(Id, CancellationToken.None);
        if (!current.Succeeded || !versions.Succeeded)
        {
            _error = (current.Error ?? versions.Error)!.Message;
            return;
        }

        _stack = current.Value!.Stack;
        _canRestore = await Access.CanAsync(_stack.OrganizationId, Resource.Stack, ActionClass.Manage);
        _versions = versions.Value!;
        _numbers = [.. _versions.Select(v => v.Number)];
        var latest = _stack.LatestVersion;
        await CompareAsync(Math.Max(1, latest - 1), latest);
    }

    // Whole stack documents are compared, so a change to the variables shows as well as one to the template.
    private async Task CompareAsync(int? left, int? right)
    {
        _left = left;
        _right = right;
        _leftText = left is { } l ? await DocumentAsync(l) : null;
        _rightText = right is { } r ? await DocumentAsync(r) : null;
    }

    private async Task ViewAsync(int number)
    {
        _viewingNumber = number;
        _viewing = await DocumentAsync(number);
    }

    private async Task<string?> DocumentAsync(int number) =>
        (await Stacks.ExportAsync(Id, number, CancellationToken.None)).Value;

    private async Task RestoreAsync(int number)
    {
        var confirmed = await Dialogs.Confirm(
            $"Version {number} becomes version {_stack!.LatestVersion + 1}, the newest. Existing versions and deployments are not changed.",
            $"Restore version {number}?",
            new ConfirmOptions { OkButtonText = "Restore as new version", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        _restoring = true;
        try
        {
            var author = (await AuthenticationState).User.Identity?.Name;
            var result = await Stacks.RestoreAsync(Id, number, author, CancellationToken.None);
            if (result.Succeeded)
            {
                Notifications.Notify(NotificationSeverity.Success, "Restored", $"Version {number} is now version {result.Value!.Version.Number}.");
            }
            else
            {
                Notifications.Notify(NotificationSeverity.Error, "Not restored", result.Error!.Message);
            }
        }
        finally
        {
            _restoring = false;
        }

        await LoadAsync();
    }
}
