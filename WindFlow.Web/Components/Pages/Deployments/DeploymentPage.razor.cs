using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using WindFlow.Core.Deployments;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>One deployment: status, live run, services, revisions, runs, values and actions.</summary>
public sealed partial class DeploymentPage
{
    [Parameter]
    public Guid Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private DeploymentService Deployments { get; set; } = default!;

    [Inject]
    private DeploymentBus Bus { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    private DeploymentDetails? _details;
    private LiveRunState? _live;
    private string? _error;
    private Guid _liveFor;

    private bool Busy => _live?.IsActive == true || _details?.ActiveRun is not null;

    private string RunsKey => $"{_live?.Run?.Id}:{_live?.Run?.Status}";

    protected override async Task OnParametersSetAsync()
    {
        if (_live is not null && _liveFor == Id)
        {
            return;
        }

        _live?.Dispose();
        _liveFor = Id;
        // Subscribed before anything is read, so nothing that happens while loading is missed.
        _live = new LiveRunState((run, ct) => Deployments.RunEventsAsync(run, 0, ct), Bus, Id, InvokeAsync, OnLiveChangedAsync);
        await LoadAsync();
        if (_details is not null)
        {
            var run = _details.ActiveRun ?? (await Deployments.RunsAsync(Id, 1, CancellationToken.None)).FirstOrDefault();
            await _live.ShowAsync(run, CancellationToken.None);
        }
    }

    private async Task LoadAsync()
    {
        var result = await Deployments.GetAsync(Id, CancellationToken.None);
        _details = result.Value;
        _error = result.Error?.Message;
    }

    private async Task OnLiveChangedAsync(bool deploymentChanged)
    {
        if (deploymentChanged)
        {
            await LoadAsync();
        }

        StateHasChanged();
    }

    private async Task ActAsync(RunKind kind, RunParameters parameters)
    {
        var user = (await AuthenticationState).User.Identity?.Name;
        var result = await Deployments.ActAsync(Id, kind, parameters, user, CancellationToken.None);
        if (result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Info, $"{kind} queued", _details?.Deployment.Name ?? "");
            await LoadAsync();
        }
        else
        {
            Notify(result.Error!);
        }
    }

    private async Task OnUpdatedAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private void Notify(WindFlow.Core.Common.OperationError error) => Notifications.Notify(new NotificationMessage
    {
        Severity = NotificationSeverity.Error,
        Summary = error.Kind == WindFlow.Core.Common.OperationErrorKind.Conflict ? "Deployment busy" : "Action refused",
        Detail = error.Message,
        Duration = 15000,
    });

    public void Dispose() => _live?.Dispose();
}
