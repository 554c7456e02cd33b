using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Radzen;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Core.Stacks;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Pages.Stacks;

/// <summary>Creates a stack or saves a new version: template and variables in YAML editors, validated as they change.</summary>
public sealed partial class StackEditorPage
{
    private StackEditorState _state = default!;
    private bool _loaded;
    private bool _saving;
    private string? _loadError;
    private bool _canSave;

    [Parameter]
    public Guid? Id { get; set; }

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
    private AccessView Access { get; set; } = default!;

    protected override void OnInitialized() => _state = new StackEditorState(Stacks);

    protected override async Task OnParametersSetAsync()
    {
        _state = new StackEditorState(Stacks);
        _loadError = null;
        if (Id is not { } id)
        {
            _state.StartNew();
            _canSave = await Access.CanAsync(null, Resource.Stack, ActionClass.Manage);
        }
        else if (await Stacks.GetAsync(id, null, CancellationToken.None) is { Succeeded: true } found)
        {
            _state.Load(found.Value!);
            _canSave = await Access.CanAsync(found.Value!.Stack.OrganizationId, Resource.Stack, ActionClass.Manage);
        }
        else
        {
            _loadError = $"No stack has id {id}.";
        }

        _loaded = true;
    }

    private void OnTemplateChanged(string text)
    {
        _state.Template = text;
        _state.Revalidate();
    }

    private void OnVariablesChanged(string text)
    {
        _state.VariablesYaml = text;
        _state.Revalidate();
    }

    private void OnPreviewChanged(Dictionary<string, string?> values)
    {
        _state.PreviewValues = values;
        _state.Revalidate();
    }

    private void ValidateNow()
    {
        _state.Revalidate();
        Notifications.Notify(_state.Problems.Count == 0
            ? new NotificationMessage { Severity = NotificationSeverity.Success, Summary = "Valid", Detail = "The template renders and passes the compose checks." }
            : new NotificationMessage { Severity = NotificationSeverity.Warning, Summary = $"{_state.Problems.Count} problem(s)", Detail = "See the list under the editors." });
    }

    private async Task SaveAsync()
    {
        var input = _state.ToInput();
        if (input.Variables is null)
        {
            _state.Revalidate();
            Notifications.Notify(NotificationSeverity.Error, "Not saved", "Fix the variables YAML first.");
            return;
        }

        _saving = true;
        try
        {
            var author = (await AuthenticationState).User.Identity?.Name;
            var result = _state.IsNew
                ? await Stacks.CreateAsync(input, author, CancellationToken.None)
                : await Stacks.UpdateAsync(_state.Id!.Value, input, author, CancellationToken.None);
            if (!result.Succeeded)
            {
                ShowRefusal(result.Error!);
                return;
            }

            var saved = result.Value!;
            Notifications.Notify(NotificationSeverity.Success, "Saved", $"{saved.Stack.Name} version {saved.Version.Number}");
            if (_state.IsNew)
            {
                _state.Load(saved);
                Navigation.NavigateTo($"/stacks/{saved.Stack.Id}");
            }
            else
            {
                _state.Load(saved);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private void ShowRefusal(OperationError error)
    {
        if (error.Problems is { Count: > 0 } problems)
        {
            _state.Show(problems);
        }

        Notifications.Notify(new NotificationMessage { Severity = NotificationSeverity.Error, Summary = "Not saved", Detail = error.Message, Duration = 10000 });
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!_state.IsDirty)
        {
            return;
        }

        var leave = await Dialogs.Confirm(
            "Your changes to this stack are not saved. Leave and lose them?", "Unsaved changes",
            new ConfirmOptions { OkButtonText = "Leave without saving", CancelButtonText = "Stay" });
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }
}
