using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using WindFlow.Core.Deployments;
using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>Target, then one of its compose projects, then the stack that describes it: adopted without touching a container.</summary>
public sealed partial class AdoptProjectDialog
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private DeploymentAdoption Adoption { get; set; } = default!;

    [Inject]
    private StackService Stacks { get; set; } = default!;

    [Inject]
    private TargetService Targets { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    private List<Target> _targets = [];
    private List<Stack> _stacks = [];
    private StackChoice _choice = default!;
    private Guid? _targetId;
    private bool _listing;
    private string? _targetError;
    private IReadOnlyList<ComposeProjectSummary>? _projects;
    private ComposeProjectSummary? _project;
    private IReadOnlyDictionary<string, string?> _values = new Dictionary<string, string?>();
    private Dictionary<string, string> _errors = [];
    private string? _error;
    private bool _adopting;

    protected override async Task OnInitializedAsync()
    {
        _choice = new StackChoice(Stacks);
        _targets = [.. await Targets.ListAsync(CancellationToken.None)];
        _stacks = [.. await Stacks.ListAsync(false, CancellationToken.None)];
        if (DeployWizard.ObviousTarget(_targets) is { } obvious)
        {
            await SelectTargetAsync(obvious);
        }
    }

    private async Task SelectTargetAsync(Guid? id)
    {
        _targetId = id;
        _projects = null;
        _project = null;
        _targetError = null;
        _error = null;
        _listing = false;
        if (id is not { } targetId)
        {
            return;
        }

        _listing = true;
        StateHasChanged();
        var result = await Adoption.ListProjectsAsync(targetId, CancellationToken.None);
        // Another target may have been picked while this one answered: its answer is the one to show.
        if (_targetId != targetId)
        {
            return;
        }

        _listing = false;
        if (result.Succeeded)
        {
            _projects = result.Value;
        }
        else
        {
            var name = _targets.FirstOrDefault(t => t.Id == targetId)?.Name ?? targetId.ToString();
            _targetError = $"The compose projects on {name} could not be listed. {result.Error!.Message}";
        }
    }

    private void SelectProject(ComposeProjectSummary project)
    {
        _project = project;
        _error = null;
    }

    private async Task SelectStackAsync(Guid? id)
    {
        _error = await _choice.SelectStackAsync(id);
        (_values, _errors) = (_choice.Defaults(), []);
    }

    private async Task SelectVersionAsync(int? version)
    {
        _error = await _choice.SelectVersionAsync(version);
        (_values, _errors) = (_choice.Defaults(), []);
    }

    private void OnValuesChanged(IReadOnlyDictionary<string, string?> values)
    {
        _values = values;
        if (_errors.Count > 0 && _choice.Details is not null)
        {
            _errors = DeploymentValueRules.Validate(_choice.Details.Variables, _values);
        }
    }

    private async Task AdoptAsync()
    {
        if (_targetId is not { } targetId || _project is null || _choice.Details is not { } stack)
        {
            return;
        }

        _error = null;
        _errors = DeploymentValueRules.Validate(stack.Variables, _values);
        if (_errors.Count > 0)
        {
            return;
        }

        _adopting = true;
        try
        {
            var user = (await AuthenticationState).User.Identity?.Name;
            var result = await Adoption.AdoptAsync(new AdoptRequest(targetId, _project.Name, stack.Stack.Id, stack.Version.Number, _values), user, CancellationToken.None);
            if (result.Succeeded)
            {
                Dialogs.Close(result.Value!.Id);
                return;
            }

            (_errors, _error) = DeploymentValueRules.FromProblems(result.Error!);
        }
        finally
        {
            _adopting = false;
        }
    }
}
