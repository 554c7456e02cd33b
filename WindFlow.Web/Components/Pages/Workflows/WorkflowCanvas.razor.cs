using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using WindFlow.Core.Workflows;

namespace WindFlow.Web.Components.Pages.Workflows;

/// <summary>
/// The workflow canvas: draws what the parent gives it and reports the user's edits. The parent
/// owns the model; drags stay in the browser and only their end results come back.
/// </summary>
public sealed partial class WorkflowCanvas : IAsyncDisposable
{
    private ElementReference _host;
    private ElementReference _minimap;
    private WorkflowPalette? _palette;
    private DotNetObjectReference<WorkflowCanvas>? _self;
    private int? _handle;
    private bool _disposed;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private NodeTypeRegistry Registry { get; set; } = default!;

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public string Height { get; set; } = "65vh";

    /// <summary>Called once the island exists, so the parent can load the drawing.</summary>
    [Parameter]
    public EventCallback Ready { get; set; }

    [Parameter]
    public EventCallback<IReadOnlyList<CanvasEdit>> Edited { get; set; }

    [Parameter]
    public EventCallback<IReadOnlyList<string>> SelectionChanged { get; set; }

    /// <summary>Read-only canvases report clicks (the run view opens the node's details).</summary>
    [Parameter]
    public EventCallback<string> NodeClicked { get; set; }

    private IReadOnlyList<CanvasNodeType> Types => [.. Registry.All.Select(t => new CanvasNodeType(t.Type, t.Category.ToString(), t.Label, t.Inputs, t.Outputs))];

    public Task LoadAsync(CanvasGraph graph) => CallAsync("load", graph);

    public Task SetLabelAsync(string nodeId, string label) => CallAsync("setLabel", nodeId, label);

    public Task SetProblemsAsync(IReadOnlyList<CanvasProblem> problems) => CallAsync("setProblems", problems);

    /// <summary>Colours nodes by run status (camelCase names as the run JSON writes them).</summary>
    public Task SetStatusesAsync(IReadOnlyDictionary<string, string> statuses) => CallAsync("setStatuses", statuses);

    [JSInvokable]
    public Task OnCanvasEdits(CanvasEdit[] edits) => Edited.InvokeAsync(edits);

    [JSInvokable]
    public Task OnSelectionChanged(string[] ids) => SelectionChanged.InvokeAsync(ids);

    [JSInvokable]
    public Task OnNodeClicked(string id) => NodeClicked.InvokeAsync(id);

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _self = DotNetObjectReference.Create(this);
        _handle = await JS.InvokeAsync<int>("windflowWorkflow.create", _host, _self, new
        {
            types = Types,
            readOnly = ReadOnly,
            palette = _palette?.Element,
            minimap = _minimap,
        });
        if (_disposed)
        {
            await DisposeCanvasAsync();
            return;
        }

        StateHasChanged();
        await Ready.InvokeAsync();
    }

    private Task CommandAsync(string name) => CallAsync("command", name);

    private Task ZoomAsync(double factor) => CallAsync("zoom", factor);

    private Task FitAsync() => CallAsync("fit");

    private async Task CallAsync(string function, params object?[] args)
    {
        if (_handle is not { } handle || _disposed)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("windflowWorkflow." + function, [handle, .. args]);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; nothing to draw on.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DisposeCanvasAsync();
    }

    private async Task DisposeCanvasAsync()
    {
        if (_handle is { } handle)
        {
            _handle = null;
            try
            {
                await JS.InvokeVoidAsync("windflowWorkflow.dispose", handle);
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone and the canvas with it.
            }
        }

        _self?.Dispose();
    }
}
