using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace WindFlow.Web.Components.Shared;

/// <summary>Two YAML texts side by side with the changed lines marked, e.g. two stack versions.</summary>
public sealed partial class YamlDiff : IAsyncDisposable
{
    private ElementReference _host;
    private int? _handle;
    private string? _shownLeft;
    private string? _shownRight;
    private bool _disposed;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Parameter]
    public string? Left { get; set; }

    [Parameter]
    public string? Right { get; set; }

    [Parameter]
    public string? LeftTitle { get; set; }

    [Parameter]
    public string? RightTitle { get; set; }

    /// <summary>Any CSS height; taller diffs scroll.</summary>
    [Parameter]
    public string Height { get; set; } = "32rem";

    [Parameter]
    public string? TestId { get; set; }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_handle is not null && Left == _shownLeft && Right == _shownRight)
        {
            return;
        }

        // A diff is computed once for its two texts; new texts build a new view.
        await DisposeViewAsync();
        _shownLeft = Left;
        _shownRight = Right;
        var handle = await JS.InvokeAsync<int>("windflowYaml.createDiff", _host, Left ?? "", Right ?? "");
        _handle = handle;
        if (_disposed)
        {
            await DisposeViewAsync();
        }
    }

    private async Task DisposeViewAsync()
    {
        if (_handle is { } handle)
        {
            _handle = null;
            try
            {
                await JS.InvokeVoidAsync("windflowYaml.disposeDiff", handle);
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone, and the view with it.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DisposeViewAsync();
    }
}
