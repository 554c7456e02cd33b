using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WindFlow.Core.Common;
using WindFlow.Core.Deployments;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>Stack and version, target and name, values, plan, deploy: then the deployment page shows the run.</summary>
public sealed partial class DeployWizard
{
    [SupplyParameterFromQuery(Name = "stack")]
    public Guid? StackQuery { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private DeploymentService Deployments { get; set; } = default!;

    [Inject]
    private StackService Stacks { get; set; } = default!;

    [Inject]
    private TargetService Targets { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private List<Stack>? _stacks;
    private List<Target>? _targets;
    private StackChoice _choice = default!;
    private Guid? _targetId;
    private string _name = "";
    private bool _nameEdited;
    private bool _autoRollback = true;
    private IReadOnlyDictionary<string, string?> _values = new Dictionary<string, string?>();
    private Dictionary<string, string> _errors = [];
    private ProjectPlan? _plan;
    private string? _error;
    private bool _busy;
    private int _step;

    protected override async Task OnInitializedAsync()
    {
        _choice = new StackChoice(Stacks);
        _stacks = [.. await Stacks.ListAsync(false, CancellationToken.None)];
        _targets = [.. await Targets.ListAsync(CancellationToken.None)];
        _targetId = ObviousTarget(_targets);
        if (StackQuery is { } id && _stacks.Any(s => s.Id == id))
        {
            await SelectStackAsync(id);
        }
    }

    /// <summary>The target to preselect: the only one, or the only online one among several; else none.</summary>
    public static Guid? ObviousTarget(IReadOnlyList<Target> targets)
    {
        var online = targets.Where(t => t.Status == TargetStatus.Online).ToList();
        return targets.Count == 1 ? targets[0].Id : online.Count == 1 ? online[0].Id : null;
    }

    /// <summary>"My Web App" → "my-web-app": a valid compose project name, or "" when nothing is left.</summary>
    public static string ProjectNameFor(string stackName)
    {
        var name = Regex.Replace(stackName.Trim().ToLowerInvariant(), "[^a-z0-9_-]+", "-");
        name = name.TrimStart('-', '_').TrimEnd('-');
        return name.Length > DeploymentService.MaxNameLength ? name[..DeploymentService.MaxNameLength].TrimEnd('-') : name;
    }

    private async Task SelectStackAsync(Guid? id)
    {
        _error = await _choice.SelectStackAsync(id);
        StartValues();
        if (!_nameEdited && _choice.Details is not null)
        {
            _name = ProjectNameFor(_choice.Details.Stack.Name);
        }
    }

    private async Task SelectVersionAsync(int? version)
    {
        _error = await _choice.SelectVersionAsync(version);
        StartValues();
    }

    // Another version has other variables: start again from its defaults.
    private void StartValues()
    {
        _plan = null;
        (_values, _errors) = (_choice.Defaults(), []);
    }

    private void GoTo(int step)
    {
        _error = null;
        _step = step;
    }

    private void OnValuesChanged(IReadOnlyDictionary<string, string?> values)
    {
        _values = values;
        if (_errors.Count > 0 && _choice.Details is not null)
        {
            _errors = DeploymentValueRules.Validate(_choice.Details.Variables, _values);
        }
    }

    private DeployRequest Request() => new(_choice.StackId!.Value, _choice.Version, _targetId!.Value, _name.Trim(), _values, _autoRollback);

    private async Task PlanAsync()
    {
        _error = null;
        _errors = _choice.Details is null ? [] : DeploymentValueRules.Validate(_choice.Details.Variables, _values);
        if (_errors.Count > 0 || _choice.StackId is null || _targetId is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Deployments.PlanNewAsync(Request(), CancellationToken.None);
            if (result.Succeeded)
            {
                _plan = result.Value;
                _step = 3;
            }
            else
            {
                ShowProblems(result.Error!);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeployAsync()
    {
        _error = null;
        _busy = true;
        try
        {
            var user = (await AuthenticationState).User.Identity?.Name;
            var result = await Deployments.CreateAsync(Request(), user, CancellationToken.None);
            if (result.Succeeded)
            {
                Navigation.NavigateTo($"/deployments/{result.Value!.DeploymentId}");
                return;
            }

            ShowProblems(result.Error!);
        }
        finally
        {
            _busy = false;
        }
    }

    // Value problems send the user back to the form with the fields marked; a name clash to the target step.
    private void ShowProblems(OperationError error)
    {
        (_errors, _error) = DeploymentValueRules.FromProblems(error);
        if (_errors.Count > 0)
        {
            _step = 2;
        }
        else if (error.Problems?.Any(p => p.Field is "name" or "targetId") == true
            || (error.Kind == OperationErrorKind.Conflict && error.Message.Contains("already exists", StringComparison.Ordinal)))
        {
            _step = 1;
        }
    }
}
