using Microsoft.AspNetCore.Components;
using Radzen;
using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;
using WindFlow.Web.Auth;
using WindFlow.Web.Components.Shared;

namespace WindFlow.Web.Components.Pages.Targets;

/// <summary>Registered targets with their live status; add, edit, test and remove.</summary>
public sealed partial class TargetsPage : IDisposable
{
    [Inject]
    private TargetService Targets { get; set; } = default!;

    [Inject]
    private EngineEventBus Bus { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    // From the permission table, as the service checks it: buttons a role cannot use are disabled.
    private bool _canAdd;
    private Func<Guid, bool> _canOperate = _ => false;
    private Func<Guid, bool> _canManage = _ => false;

    private List<Target>? _targets;
    private Guid? _testing;
    private TargetFeed? _feed;

    protected override async Task OnInitializedAsync()
    {
        _canAdd = await Access.CanAsync(null, Resource.Target, ActionClass.Manage);
        _canOperate = await Access.AllowedInAsync(Resource.Target, ActionClass.Operate);
        _canManage = await Access.AllowedInAsync(Resource.Target, ActionClass.Manage);
        _feed = new TargetFeed(Bus, n => n.Kind != TargetNotificationKind.EngineEvent, InvokeAsync, (_, _) => LoadAsync());
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _targets = [.. await Targets.ListAsync(CancellationToken.None)];
        StateHasChanged();
    }

    private async Task AddAsync()
    {
        if (await Dialogs.OpenAsync<TargetFormDialog>("Add target", new Dictionary<string, object?>(), new DialogOptions { Width = "640px" }) is Target created)
        {
            Notifications.Notify(NotificationSeverity.Success, "Target added", $"Testing the connection to '{created.Name}'…");
            await LoadAsync();
            await TestAsync(created);
        }
    }

    private async Task EditAsync(Target target)
    {
        var parameters = new Dictionary<string, object?> { [nameof(TargetFormDialog.Existing)] = target };
        if (await Dialogs.OpenAsync<TargetFormDialog>($"Edit {target.Name}", parameters, new DialogOptions { Width = "640px" }) is Target)
        {
            await LoadAsync();
        }
    }

    private async Task TestAsync(Target target)
    {
        _testing = target.Id;
        try
        {
            var result = await Targets.TestConnectionAsync(target.Id, CancellationToken.None);
            if (!result.Succeeded)
            {
                Notifications.Notify(NotificationSeverity.Error, "Target not found", result.Error!.Message);
            }
            else if (result.Value!.Info is { } info)
            {
                await Dialogs.OpenAsync<EngineInfoDialog>(
                    $"{target.Name} answers",
                    new Dictionary<string, object?> { [nameof(EngineInfoDialog.Info)] = info },
                    new DialogOptions { Width = "520px" });
            }
            else
            {
                Notifications.Notify(new NotificationMessage
                {
                    Severity = NotificationSeverity.Error,
                    Summary = $"{target.Name} did not answer",
                    Detail = result.Value.Error ?? "",
                    Duration = 15000,
                });
            }
        }
        finally
        {
            _testing = null;
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(Target target)
    {
        var confirmed = await Dialogs.Confirm(
            $"WindFlow forgets '{target.Name}' ({target.Endpoint}) and its stored credentials. Containers running there are left alone.",
            $"Remove target {target.Name}?",
            new ConfirmOptions { OkButtonText = "Remove target", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        var result = await Targets.DeleteAsync(target.Id, CancellationToken.None);
        if (result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Success, "Target removed", target.Name);
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Error, "Could not remove the target", result.Error!.Message);
        }

        await LoadAsync();
    }

    public void Dispose() => _feed?.Dispose();
}
