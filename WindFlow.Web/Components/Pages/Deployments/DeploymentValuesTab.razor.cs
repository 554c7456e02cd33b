using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using WindFlow.Core.Common;
using WindFlow.Core.Deployments;
using WindFlow.Core.Deployments.Engine;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>Edit a deployment's values, review the plan, then queue the update.</summary>
public sealed partial class DeploymentValuesTab
{
    [Parameter, EditorRequired]
    public DeploymentDetails Details { get; set; } = default!;

    [Parameter]
    public bool Busy { get; set; }

    /// <summary>Called once an update was queued.</summary>
    [Parameter]
    public EventCallback Updated { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private DeploymentService Deployments { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    private IReadOnlyDictionary<string, string?> _values = new Dictionary<string, string?>();
    private Dictionary<string, string> _errors = [];
    private IReadOnlyCollection<string> _existingSecrets = [];
    private ProjectPlan? _plan;
    private string? _error;
    private bool _planning;
    private bool _updating;
    private IReadOnlyDictionary<string, string?>? _loadedFrom;

    // The form is filled from the deployment once, and again only when the deployment's values change (an update or rollback ran).
    protected override void OnParametersSet()
    {
        if (_loadedFrom is null || !SameValues(_loadedFrom, Details.Values))
        {
            Reset();
        }
    }

    private static bool SameValues(IReadOnlyDictionary<string, string?> a, IReadOnlyDictionary<string, string?> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private void Reset()
    {
        _loadedFrom = Details.Values;
        _values = Details.Values.Where(p => Details.Variables.TryGet(p.Key, out _)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        _existingSecrets = [.. Details.Values.Where(p => p.Value == SecretText.Mask).Select(p => p.Key)];
        _errors = [];
        _plan = null;
        _error = null;
    }

    private void OnValuesChanged(IReadOnlyDictionary<string, string?> values)
    {
        _values = values;
        // A plan describes the values it was computed for: any edit makes it stale.
        _plan = null;
        if (_errors.Count > 0)
        {
            _errors = DeploymentValueRules.Validate(Details.Variables, _values, _existingSecrets);
        }
    }

    private async Task ReviewAsync()
    {
        _error = null;
        _errors = DeploymentValueRules.Validate(Details.Variables, _values, _existingSecrets);
        if (_errors.Count > 0)
        {
            return;
        }

        _planning = true;
        try
        {
            var result = await Deployments.PlanUpdateAsync(Details.Deployment.Id, _values, null, CancellationToken.None);
            if (result.Succeeded)
            {
                _plan = result.Value;
            }
            else
            {
                ShowProblems(result.Error!);
            }
        }
        finally
        {
            _planning = false;
        }
    }

    private async Task UpdateAsync()
    {
        _updating = true;
        try
        {
            var user = (await AuthenticationState).User.Identity?.Name;
            var result = await Deployments.UpdateAsync(Details.Deployment.Id, _values, null, user, CancellationToken.None);
            if (result.Succeeded)
            {
                _plan = null;
                Notifications.Notify(NotificationSeverity.Info, "Update queued", Details.Deployment.Name);
                await Updated.InvokeAsync();
            }
            else if (result.Error!.Kind == OperationErrorKind.Conflict)
            {
                Notifications.Notify(new NotificationMessage { Severity = NotificationSeverity.Error, Summary = "Deployment busy", Detail = result.Error.Message, Duration = 15000 });
            }
            else
            {
                ShowProblems(result.Error);
            }
        }
        finally
        {
            _updating = false;
        }
    }

    private void ShowProblems(OperationError error)
    {
        (_errors, _error) = DeploymentValueRules.FromProblems(error);
        _plan = null;
    }
}
