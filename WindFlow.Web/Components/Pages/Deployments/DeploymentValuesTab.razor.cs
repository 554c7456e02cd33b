using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using WindFlow.Core.Common;
using WindFlow.Core.Deployments;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Stacks;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>Edit a deployment's values and stack version, review the plan, then queue the update.</summary>
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
    private StackService Stacks { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    private IReadOnlyDictionary<string, string?> _values = new Dictionary<string, string?>();
    private Dictionary<string, string> _errors = [];
    private IReadOnlyCollection<string> _existingSecrets = [];
    private List<StackVersionChoice> _versions = [];
    private VariableSchema _schema = VariableSchema.Empty;
    private int _version;
    private ProjectPlan? _plan;
    private string? _error;
    private bool _planning;
    private bool _updating;
    private IReadOnlyDictionary<string, string?>? _loadedFrom;
    private int _loadedVersion;

    private bool VersionChanged => _version != Details.Deployment.StackVersion;

    // The form is filled from the deployment once, and again only when what it runs changes (an update or rollback ran).
    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFrom is null || !SameValues(_loadedFrom, Details.Values) || _loadedVersion != Details.Deployment.StackVersion)
        {
            await ResetAsync();
        }
    }

    private static bool SameValues(IReadOnlyDictionary<string, string?> a, IReadOnlyDictionary<string, string?> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private async Task ResetAsync()
    {
        _loadedFrom = Details.Values;
        _loadedVersion = _version = Details.Deployment.StackVersion;
        _schema = Details.Variables;
        _values = Details.Values.Where(p => _schema.TryGet(p.Key, out _)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        _existingSecrets = [.. Details.Values.Where(p => p.Value == SecretText.Mask).Select(p => p.Key)];
        _errors = [];
        _plan = null;
        _error = null;
        // Read again on each reset: a version saved since the page opened becomes a choice.
        var versions = await Stacks.VersionsAsync(Details.Deployment.StackId, CancellationToken.None);
        _versions = versions.Succeeded ? StackVersionChoice.From(versions.Value!, Details.Deployment.StackVersion) : [];
    }

    // Another version has other variables: the form is rebuilt for them, keeping what was entered for the ones that remain.
    private async Task SelectVersionAsync(int version)
    {
        _version = version;
        _plan = null;
        _error = null;
        _errors = [];
        if (VersionChanged)
        {
            var details = await Stacks.GetAsync(Details.Deployment.StackId, version, CancellationToken.None);
            if (!details.Succeeded)
            {
                _error = details.Error!.Message;
                return;
            }

            _schema = details.Value!.Variables;
        }
        else
        {
            _schema = Details.Variables;
        }

        _values = DeploymentValueRules.CarryOver(_schema, _values);
        _existingSecrets = [.. Details.Values.Where(p => p.Value == SecretText.Mask && _schema.TryGet(p.Key, out _)).Select(p => p.Key)];
    }

    private void OnValuesChanged(IReadOnlyDictionary<string, string?> values)
    {
        _values = values;
        // A plan describes the values it was computed for: any edit makes it stale.
        _plan = null;
        if (_errors.Count > 0)
        {
            _errors = DeploymentValueRules.Validate(_schema, _values, _existingSecrets);
        }
    }

    private async Task ReviewAsync()
    {
        _error = null;
        _errors = DeploymentValueRules.Validate(_schema, _values, _existingSecrets);
        if (_errors.Count > 0)
        {
            return;
        }

        _planning = true;
        try
        {
            var result = await Deployments.PlanUpdateAsync(Details.Deployment.Id, _values, _version, CancellationToken.None);
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
            var result = await Deployments.UpdateAsync(Details.Deployment.Id, _values, _version, user, CancellationToken.None);
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
