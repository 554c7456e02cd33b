using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using Radzen;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;
using WindFlow.Core.Workflows;
using WindFlow.Web.Auth;

namespace WindFlow.Web.Components.Pages.Workflows;

/// <summary>Draws, validates, saves, exports, imports and runs a workflow.</summary>
public sealed partial class WorkflowEditorPage
{
    private const long MaxImportBytes = 1024 * 1024;

    private WorkflowEditorState _state = default!;
    private WorkflowEditorState? _loaded;
    private WorkflowEditorState? _drawn;
    private WorkflowCanvas? _canvas;
    private List<VersionChoice> _versions = [];
    private int _shownVersion;
    private bool _canvasReady;
    private bool _saving;
    private bool _starting;
    private bool _showRun;
    private bool _canSave;
    private bool _canRun;
    private Guid? _ownerId;

    // The manual trigger's input form, read once when the run panel opens (the saved graph cannot change while it is open).
    private WindFlow.Core.Stacks.VariableSchema? _runForm;
    private string? _message;
    private AlertStyle _messageStyle = AlertStyle.Info;

    [Parameter]
    public Guid? Id { get; set; }

    /// <summary>A shipped template to start a new workflow from (<c>/workflows/new?template=staging-to-production</c>).</summary>
    [SupplyParameterFromQuery(Name = "template")]
    public string? Template { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private IWorkflowService Workflows { get; set; } = default!;

    [Inject]
    private IWorkflowRuns Runs { get; set; } = default!;

    [Inject]
    private NodeTypeRegistry Registry { get; set; } = default!;

    [Inject]
    private WorkflowValidator Validator { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        _state = new WorkflowEditorState(Registry, Validator);
        _ownerId = null;
        if (Id is { } id)
        {
            await LoadAsync(id, null);
        }
        else if (Template is { } templateId && WorkflowTemplates.Find(templateId) is { } template)
        {
            // Unsaved until the user saves it: the placeholders in it are theirs to fill.
            _state.Load(template.Name, template.Description, template.Graph, dirty: true);
        }
        else
        {
            _state.Load("", null, WorkflowGraph.Empty);
        }

        _loaded = _state;
        // Read once per page: a role taken away meanwhile still meets the service's refusal.
        _canSave = await Access.CanAsync(_ownerId, Resource.Workflow, ActionClass.Manage);
        _canRun = await Access.CanAsync(_ownerId, Resource.Workflow, ActionClass.Operate);
        if (_canvasReady)
        {
            await DrawLoadedAsync();
        }
    }

    // The canvas can become ready while the workflow is still being read, so both paths call this;
    // a loaded workflow is drawn once, as a second drawing would replace every node under a click
    // or a drag in progress.
    private async Task DrawLoadedAsync()
    {
        if (_loaded is null || ReferenceEquals(_drawn, _loaded))
        {
            return;
        }

        _drawn = _loaded;
        await RedrawAsync();
    }

    private async Task LoadAsync(Guid id, int? version)
    {
        var result = await Workflows.GetAsync(id, version, CancellationToken.None);
        if (!result.Succeeded)
        {
            Show(result.Error!.Message, AlertStyle.Danger);
            return;
        }

        var workflow = result.Value!;
        _ownerId = workflow.OwnerId;
        _state.Load(workflow.Name, workflow.Description, workflow.Graph);
        var versions = await Workflows.VersionsAsync(id, CancellationToken.None);
        _versions = versions.Succeeded ? [.. versions.Value!.Select(v => new VersionChoice(v.Number, $"v{v.Number}"))] : [];
        _shownVersion = version ?? workflow.Version;
    }

    private async Task CanvasReadyAsync()
    {
        _canvasReady = true;
        await DrawLoadedAsync();
    }

    private async Task RedrawAsync()
    {
        if (_canvas is null)
        {
            return;
        }

        await _canvas.LoadAsync(_state.ToCanvas());
        await _canvas.SetProblemsAsync(_state.CanvasProblems());
    }

    private async Task OnEditedAsync(IReadOnlyList<CanvasEdit> edits)
    {
        if (_state.Apply(edits) && _canvas is not null)
        {
            await _canvas.SetProblemsAsync(_state.CanvasProblems());
        }
    }

    private void OnSelectionChanged(IReadOnlyList<string> ids) => _state.Select(ids);

    private async Task OnSettingsChangedAsync(string nodeId)
    {
        if (_canvas is null)
        {
            return;
        }

        if (_state.Nodes.FirstOrDefault(n => n.Id == nodeId) is { } node)
        {
            await _canvas.SetLabelAsync(nodeId, _state.LabelOf(node));
        }

        await _canvas.SetProblemsAsync(_state.CanvasProblems());
    }

    private async Task LoadVersionAsync(int version)
    {
        if (Id is not { } id || (_state.IsDirty && !await ConfirmDiscardAsync()))
        {
            return;
        }

        await LoadAsync(id, version);
        await RedrawAsync();
        if (version != _versions.FirstOrDefault()?.Number)
        {
            Show($"Showing v{version}; saving makes it the next version.", AlertStyle.Info);
        }
    }

    private async Task SaveAsync()
    {
        // Problems are shown on the nodes before anything is sent; the service checks again.
        if (_state.Validate().Count > 0)
        {
            await RedrawProblemsAsync();
            Show("Fix the problems marked on the canvas before saving.", AlertStyle.Warning);
            return;
        }

        _saving = true;
        try
        {
            var draft = new WorkflowDraft(_state.Name.Trim(), _state.Description, _state.ToGraph());
            var author = await UserNameAsync();
            var result = Id is { } id
                ? await Workflows.UpdateAsync(id, draft, author, CancellationToken.None)
                : await Workflows.CreateAsync(draft, author, CancellationToken.None);
            if (!result.Succeeded)
            {
                Show(Describe(result.Error!), AlertStyle.Danger);
                return;
            }

            _state.MarkSaved();
            var saved = result.Value!;
            if (Id is null)
            {
                Navigation.NavigateTo($"/workflows/{saved.Id}/edit");
                return;
            }

            _versions.Insert(0, new VersionChoice(saved.Version, $"v{saved.Version}"));
            _shownVersion = saved.Version;
            Show($"Saved as v{saved.Version}.", AlertStyle.Success);
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task OpenRunAsync()
    {
        if (_state.Validate().Count > 0)
        {
            await RedrawProblemsAsync();
            Show("Fix the problems marked on the canvas before running.", AlertStyle.Warning);
            return;
        }

        if (_state.IsDirty)
        {
            Show("Save first: a run executes the latest saved version.", AlertStyle.Warning);
            return;
        }

        _runForm = WorkflowInputForm.Of(_state.ToGraph());
        _showRun = true;
    }

    private async Task StartRunAsync(JsonNode? input)
    {
        _starting = true;
        try
        {
            var result = await Runs.StartAsync(Id!.Value, input, await UserNameAsync(), CancellationToken.None);
            if (!result.Succeeded)
            {
                Show(Describe(result.Error!), AlertStyle.Danger);
                return;
            }

            Navigation.NavigateTo($"/workflow-runs/{result.Value!.Id}");
        }
        finally
        {
            _starting = false;
        }
    }

    private async Task ExportAsync()
    {
        var json = WorkflowDocument.Write(_state.Name, _state.Description, _state.ToGraph());
        var fileName = (string.IsNullOrWhiteSpace(_state.Name) ? "workflow" : _state.Name.Trim().Replace(' ', '-')) + ".json";
        await JS.InvokeVoidAsync("windflowWorkflow.download", fileName, json);
    }

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        try
        {
            using var reader = new StreamReader(e.File.OpenReadStream(MaxImportBytes));
            var (name, description, graph) = WorkflowDocument.Read(await reader.ReadToEndAsync());
            _state.Load(name ?? _state.Name, description ?? _state.Description, graph, dirty: true);
            await RedrawAsync();
            Show($"Imported {graph.Nodes.Count} nodes; save to keep them.", AlertStyle.Info);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            Show("The file is not a workflow: " + ex.Message, AlertStyle.Danger);
        }
    }

    private async Task RedrawProblemsAsync()
    {
        if (_canvas is not null)
        {
            await _canvas.SetProblemsAsync(_state.CanvasProblems());
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (_state.IsDirty && !await ConfirmDiscardAsync())
        {
            context.PreventNavigation();
        }
    }

    private async Task<bool> ConfirmDiscardAsync() =>
        await Dialogs.Confirm("This workflow has unsaved changes. Discard them?", "Unsaved changes",
            new ConfirmOptions { OkButtonText = "Discard", CancelButtonText = "Stay" }) == true;

    private async Task<string?> UserNameAsync() =>
        (await AuthenticationState).User.FindFirstValue(ClaimTypes.Name);

    private void Show(string message, AlertStyle style)
    {
        _message = message;
        _messageStyle = style;
    }

    private static string Describe(OperationError error) =>
        error.Problems is { Count: > 0 } problems ? string.Join("; ", problems.Select(p => p.ToString())) : error.Message;

    private sealed record VersionChoice(int Number, string Label);
}
