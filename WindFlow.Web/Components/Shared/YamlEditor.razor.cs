using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace WindFlow.Web.Components.Shared;

/// <summary>
/// YAML editor island: the browser keeps the text while typing and sends it back debounced
/// (250 ms, or at once when the editor loses focus), so typing never costs a round trip per key.
/// Bind with <c>@bind-Value</c>; diagnostics from the server show inline.
/// </summary>
public sealed partial class YamlEditor : IAsyncDisposable
{
    private ElementReference _host;
    private DotNetObjectReference<YamlEditor>? _self;
    private int? _handle;
    private bool _disposed;

    // What the browser's editor holds as far as the server knows: text it sent or text pushed to it.
    private string _editorText = "";
    private string? _lastValue;
    private bool _valueChanged;
    private bool _shownReadOnly;
    private IReadOnlyList<EditorDiagnostic> _shownDiagnostics = [];

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The YAML text.</summary>
    [Parameter]
    public string? Value { get; set; }

    /// <summary>Raised with the new text after the user pauses typing.</summary>
    [Parameter]
    public EventCallback<string> ValueChanged { get; set; }

    /// <summary>Problems to mark inline; an empty list clears them.</summary>
    [Parameter]
    public IReadOnlyList<EditorDiagnostic>? Diagnostics { get; set; }

    [Parameter]
    public bool ReadOnly { get; set; }

    /// <summary>Any CSS height; the editor scrolls inside it.</summary>
    [Parameter]
    public string Height { get; set; } = "24rem";

    [Parameter]
    public string? Placeholder { get; set; }

    [Parameter]
    public string? TestId { get; set; }

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        // Only a new Value from the parent is pushed: a re-render with the same Value must not
        // overwrite what the user typed since (e.g. when the parent does not bind ValueChanged).
        if (Value != _lastValue)
        {
            _lastValue = Value;
            _valueChanged = true;
        }
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            _editorText = Value ?? "";
            _valueChanged = false;
            _shownReadOnly = ReadOnly;
            _handle = await JS.InvokeAsync<int>(
                "windflowYaml.create", _host, _self, _editorText, new { readOnly = ReadOnly, placeholder = Placeholder ?? "" });
            if (_disposed)
            {
                await DisposeEditorAsync();
                return;
            }
        }

        await SyncAsync();
    }

    /// <summary>Called by the editor script after the user pauses typing.</summary>
    [JSInvokable]
    public Task OnTextChanged(string text)
    {
        _editorText = text;
        return ValueChanged.InvokeAsync(text);
    }

    private async Task SyncAsync()
    {
        if (_handle is not { } handle)
        {
            return;
        }

        if (_valueChanged)
        {
            _valueChanged = false;
            if ((Value ?? "") != _editorText)
            {
                _editorText = Value ?? "";
                await JS.InvokeVoidAsync("windflowYaml.setText", handle, _editorText);
            }
        }

        if (ReadOnly != _shownReadOnly)
        {
            _shownReadOnly = ReadOnly;
            await JS.InvokeVoidAsync("windflowYaml.setReadOnly", handle, ReadOnly);
        }

        var diagnostics = Diagnostics ?? [];
        if (!diagnostics.SequenceEqual(_shownDiagnostics))
        {
            _shownDiagnostics = [.. diagnostics];
            await JS.InvokeVoidAsync("windflowYaml.setDiagnostics", handle, _shownDiagnostics);
        }
    }

    private async Task DisposeEditorAsync()
    {
        if (_handle is { } handle)
        {
            _handle = null;
            try
            {
                await JS.InvokeVoidAsync("windflowYaml.dispose", handle);
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone, and its editor with it.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DisposeEditorAsync();
        _self?.Dispose();
    }
}
