using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web.Virtualization;
using Microsoft.JSInterop;
using WindFlow.Core.Common;
using WindFlow.Core.Targets;
using WindFlow.Web.Components.Shared;

namespace WindFlow.Web.Components.Pages.Containers;

/// <summary>
/// A container's live log. Lines stream into a bounded buffer on the server and only the rows in
/// view are rendered, so 100,000 lines cost the browser no more than 50. The screen is refreshed at
/// most ten times a second whatever the log's pace; when the circuit is slower, the bounded queue
/// between engine and buffer fills and reading from the engine waits.
/// </summary>
public sealed partial class LogViewer : IAsyncDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(100);

    private static readonly object[] SinceChoices =
    [
        new { Text = "From the start", Value = "" },
        new { Text = "Last 5 minutes", Value = "5m" },
        new { Text = "Last 15 minutes", Value = "15m" },
        new { Text = "Last hour", Value = "1h" },
        new { Text = "Last 24 hours", Value = "24h" },
    ];

    private readonly LogBuffer _buffer = new(LogBuffer.Length);
    private ElementReference _scroller;
    private Virtualize<LogEntry>? _list;
    private IJSObjectReference? _module;
    private DotNetObjectReference<LogViewer>? _self;
    private CancellationTokenSource? _stream;
    private bool _follow = true;
    private bool _timestamps;
    private bool _matchesOnly;
    private int _tail = 1000;
    private string _since = "";
    private string? _status;
    private DateTimeOffset? _endedAt;
    private TargetFeed? _feed;
    private volatile bool _dirty;

    [Inject]
    private ContainerService Containers { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private EngineEventBus Bus { get; set; } = default!;

    /// <summary>The container's target.</summary>
    [Parameter, EditorRequired]
    public Guid TargetId { get; set; }

    /// <summary>The container.</summary>
    [Parameter, EditorRequired]
    public string ContainerId { get; set; } = "";

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        // When the engine comes back or the container starts again, the log resumes where it stopped.
        _feed = new TargetFeed(
            Bus,
            n => n.TargetId == TargetId && (n is { Kind: TargetNotificationKind.StatusChanged, Status: TargetStatus.Online }
                || n.Event is { Type: "container", Action: "start" } e && e.ActorId == ContainerId),
            InvokeAsync,
            (_, _) => ResumeAsync());
        Start();
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/logviewer.js");
            _self = DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("watch", _scroller, _self);
        }
    }

    /// <summary>Called by the page script when the user scrolls away from the end or back to it.</summary>
    [JSInvokable]
    public Task OnAtEndChanged(bool atEnd)
    {
        if (_follow == atEnd)
        {
            return Task.CompletedTask;
        }

        _follow = atEnd;
        StateHasChanged();
        return Task.CompletedTask;
    }

    private void Start()
    {
        _buffer.Clear();
        Open(new ContainerLogOptions(
            Follow: true,
            Tail: _tail,
            Since: LogSince.TryParse(_since, Clock.GetUtcNow(), out var since) ? since : null,
            Timestamps: _timestamps));
    }

    private Task ResumeAsync()
    {
        if (_endedAt is { } endedAt)
        {
            // Only what was written since the stream ended, appended to what is shown.
            Open(new ContainerLogOptions(Follow: true, Since: endedAt, Timestamps: _timestamps));
            StateHasChanged();
        }

        return Task.CompletedTask;
    }

    private void Open(ContainerLogOptions options)
    {
        _stream?.Cancel();
        _stream?.Dispose();
        _stream = new CancellationTokenSource();
        _status = null;
        _endedAt = null;
        _ = PumpAsync(options, _stream.Token);
        _ = RefreshLoopAsync(_stream.Token);
    }

    private async Task PumpAsync(ContainerLogOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var opened = await Containers.OpenLogsAsync(TargetId, ContainerId, options, cancellationToken);
            if (!opened.Succeeded)
            {
                _status = opened.Error!.Message;
                if (opened.Error.Kind == TargetErrorKind.EngineFailed)
                {
                    _endedAt = Clock.GetUtcNow();
                }

                _dirty = true;
                return;
            }

            await foreach (var batch in opened.Value!.BatchAsync(capacity: 8192, maxBatch: 8192, cancellationToken))
            {
                // The buffer is read while rendering, on the circuit's dispatcher: write to it there too.
                await InvokeAsync(() => _buffer.AddRange(batch));
                _dirty = true;
            }

            _status = "The container stopped; the log resumes if it starts again.";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (EngineException ex)
        {
            _status = $"Lost the engine ({ex.Message}); the log resumes when it is back.";
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _endedAt = Clock.GetUtcNow();
        _dirty = true;
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (!_dirty)
                {
                    continue;
                }

                _dirty = false;
                await InvokeAsync(RefreshAsync);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away while a refresh was queued.
        }
    }

    private async Task RefreshAsync()
    {
        if (_list is not null)
        {
            await _list.RefreshDataAsync();
        }

        StateHasChanged();
        if (_follow && _module is not null)
        {
            await _module.InvokeVoidAsync("scrollToEnd", _scroller);
        }
    }

    private ValueTask<ItemsProviderResult<LogEntry>> ProvideAsync(ItemsProviderRequest request)
    {
        var total = _matchesOnly ? _buffer.MatchCount : _buffer.Count;
        var slice = _buffer.Slice(request.StartIndex, request.Count, _matchesOnly);
        return ValueTask.FromResult(new ItemsProviderResult<LogEntry>(slice, total));
    }

    private void RestartWith(Action change)
    {
        change();
        Start();
    }

    private async Task SetFollowAsync(bool follow)
    {
        _follow = follow;
        if (follow)
        {
            await RefreshAsync();
        }
    }

    private async Task SetSearchAsync(string search)
    {
        _buffer.SetSearch(search);
        if (search.Length == 0)
        {
            _matchesOnly = false;
        }

        await RefreshAsync();
    }

    private async Task SetMatchesOnlyAsync(bool matchesOnly)
    {
        _matchesOnly = matchesOnly;
        await RefreshAsync();
    }

    private async Task ClearAsync()
    {
        _buffer.Clear();
        await RefreshAsync();
    }

    // The browser downloads through the API with the user's cookie, so the file has the whole log,
    // not only what the viewer keeps.
    private async Task DownloadAsync()
    {
        var query = $"timestamps={(_timestamps ? "true" : "false")}" + (_since.Length > 0 ? $"&since={_since}" : "");
        var url = $"/api/v1/targets/{TargetId}/containers/{Uri.EscapeDataString(ContainerId)}/logs?{query}";
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("download", url, $"{ContainerId[..Math.Min(12, ContainerId.Length)]}.log");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _feed?.Dispose();
        if (_stream is not null)
        {
            await _stream.CancelAsync();
            _stream.Dispose();
        }

        _self?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
