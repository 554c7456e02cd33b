using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Pages.Workflows;

/// <summary>
/// One run on the read-only canvas: the stored state first, then every change from
/// <see cref="WorkflowBus"/> as it happens, so node colours follow the engine without polling.
/// </summary>
public sealed partial class WorkflowRunPage
{
    private readonly Dictionary<string, List<string>> _liveLogs = new(StringComparer.Ordinal);
    private WorkflowRun? _run;
    private WorkflowRun? _drawn;
    private WorkflowCanvas? _canvas;
    private IDisposable? _subscription;
    private bool _canvasReady;
    private string? _selected;
    private string? _message;
    private bool _canOperate;
    private HashSet<string> _decidable = new(StringComparer.Ordinal);

    [Parameter]
    public Guid Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IWorkflowRuns Runs { get; set; } = default!;

    [Inject]
    private IWorkflowService Workflows { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    [Inject]
    private WorkflowBus Bus { get; set; } = default!;

    [Inject]
    private NodeTypeRegistry Registry { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The JSON name of a status (<c>waitingForApproval</c>), as the run JSON and the canvas use it.</summary>
    public static string StatusName(NodeRunStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        _subscription?.Dispose();
        _liveLogs.Clear();
        _selected = null;
        // Subscribe before reading, so no change between the read and the subscription is lost.
        _subscription = Bus.Subscribe(OnNotification);
        var result = await Runs.GetAsync(Id, CancellationToken.None);
        _run = result.Value;
        _message = result.Error?.Message;
        await LoadPermissionsAsync();
        if (_canvasReady)
        {
            await DrawAsync();
        }
    }

    // Buttons the service would refuse are not shown; the service still checks every click.
    private async Task LoadPermissionsAsync()
    {
        _canOperate = false;
        _decidable = new HashSet<string>(StringComparer.Ordinal);
        if (_run is null || (await Workflows.GetAsync(_run.WorkflowId, null, CancellationToken.None)).Value is not { } workflow)
        {
            return;
        }

        _canOperate = await Access.CanAsync(workflow.OwnerId, Resource.Workflow, ActionClass.Operate);
        foreach (var node in _run.Graph.Nodes.Where(n => _canOperate && n.Type == "action.approval"))
        {
            if (WorkflowRunService.ApproverRole(_run.Graph, node.Id) is not { } role || await Access.HasRoleAsync(workflow.OwnerId, role))
            {
                _decidable.Add(node.Id);
            }
        }
    }

    private async Task CanvasReadyAsync()
    {
        _canvasReady = true;
        await DrawAsync();
    }

    // The canvas can become ready while the run is still being read, so both paths call this. A
    // run's graph is drawn once: drawing it again replaces every node, which swallows a click in
    // progress (reproduced under load: the node panel never opened) and resets the zoom.
    private async Task DrawAsync()
    {
        if (_canvas is null || _run is null)
        {
            return;
        }

        if (!ReferenceEquals(_drawn, _run))
        {
            _drawn = _run;
            var state = new WorkflowEditorState(Registry, new WorkflowValidator(Registry));
            state.Load("", null, _run.Graph);
            await _canvas.LoadAsync(state.ToCanvas());
        }

        await ColourAsync();
    }

    private Task ColourAsync() => _canvas is null || _run is null
        ? Task.CompletedTask
        : _canvas.SetStatusesAsync(_run.Graph.Nodes.ToDictionary(n => n.Id, n => StatusName(_run.Nodes.TryGetValue(n.Id, out var s) ? s.Status : NodeRunStatus.Pending)));

    private void OnNotification(WorkflowNotification notification)
    {
        if (notification.RunId != Id)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            if (_run is null)
            {
                return;
            }

            _run.Status = notification.RunStatus;
            switch (notification.Kind)
            {
                case WorkflowNotificationKind.NodeChanged when notification.Node is { } node:
                    _run.Nodes[node.NodeId] = node;
                    _liveLogs.Remove(node.NodeId);
                    break;
                case WorkflowNotificationKind.NodeLog when notification.Node is { } node && notification.Log is { } log:
                    (_liveLogs.TryGetValue(node.NodeId, out var lines) ? lines : _liveLogs[node.NodeId] = []).Add(log);
                    break;
            }

            await ColourAsync();
            StateHasChanged();
        });
    }

    private IReadOnlyList<string> LiveLogsOf(string? nodeId) =>
        nodeId is not null && _liveLogs.TryGetValue(nodeId, out var lines) ? lines : [];

    private void OnNodeClicked(string nodeId) => _selected = nodeId;

    private async Task CancelAsync() => await TakeAsync(await Runs.CancelAsync(Id, await UserNameAsync(), CancellationToken.None));

    private async Task ApproveAsync(string nodeId) =>
        await TakeAsync(await Runs.ApproveAsync(Id, nodeId, await UserNameAsync() ?? "", CancellationToken.None));

    private async Task RejectAsync(string nodeId) =>
        await TakeAsync(await Runs.RejectAsync(Id, nodeId, await UserNameAsync() ?? "", CancellationToken.None));

    private async Task RerunFromAsync(string nodeId)
    {
        var result = await Runs.RerunFromAsync(Id, nodeId, await UserNameAsync(), CancellationToken.None);
        if (result.Succeeded)
        {
            Navigation.NavigateTo($"/workflow-runs/{result.Value!.Id}");
            return;
        }

        _message = result.Error!.Message;
    }

    // The bus brings the same state a moment later; taking the answer now avoids a stale button.
    private async Task TakeAsync(OperationResult<WorkflowRun> result)
    {
        if (!result.Succeeded)
        {
            _message = result.Error!.Message;
            return;
        }

        _run = result.Value;
        await ColourAsync();
    }

    private async Task<string?> UserNameAsync() =>
        (await AuthenticationState).User.FindFirstValue(ClaimTypes.Name);

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();
}
