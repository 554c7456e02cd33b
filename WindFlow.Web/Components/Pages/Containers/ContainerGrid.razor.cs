using Microsoft.AspNetCore.Components;
using Radzen;
using WindFlow.Core.Targets;
using WindFlow.Web.Components.Shared;

namespace WindFlow.Web.Components.Pages.Containers;

/// <summary>
/// Containers of every target, or of one (<see cref="FixedTargetId"/>), filtered and paged in
/// memory, and kept current by engine events rather than polling.
/// </summary>
public sealed partial class ContainerGrid
{
    private static readonly int[] PageSizes = [25, 50, 100, 250];
    private static readonly string[] States = ["running", "exited", "created", "paused", "restarting", "dead"];

    private readonly CancellationTokenSource _closing = new();
    private ContainerListState _state = default!;
    private TargetFeed? _feed;
    private bool _loaded;

    [Inject]
    private ContainerService Containers { get; set; } = default!;

    [Inject]
    private TargetService Targets { get; set; } = default!;

    [Inject]
    private EngineEventBus Bus { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    /// <summary>Show only this target's containers (no target column nor filter).</summary>
    [Parameter]
    public Guid? FixedTargetId { get; set; }

    /// <summary>The target's name, when <see cref="FixedTargetId"/> is set.</summary>
    [Parameter]
    public string? FixedTargetName { get; set; }

    private IEnumerable<object> TargetChoices => _state.Targets.Select(t => new { Text = t.Name, Value = (Guid?)t.Id });

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _state = new ContainerListState(Containers) { TargetId = FixedTargetId };
        _feed = new TargetFeed(
            Bus,
            n => TargetFeed.ContainerEvents(n) && (FixedTargetId is null || n.TargetId == FixedTargetId),
            InvokeAsync,
            OnTargetsChangedAsync);
        if (FixedTargetId is { } id)
        {
            await _state.ReloadAsync(id, FixedTargetName ?? "", CancellationToken.None);
        }
        else
        {
            await _state.LoadAllAsync(CancellationToken.None);
            FollowSlowTargets();
        }

        _loaded = true;
    }

    // The full list waits only a few seconds per target so that one slow host cannot hold the page
    // back. A host that was merely slow (an SSH link on a busy machine, say) is asked again here with
    // no such limit, and its rows come in when it answers instead of the page giving up on it.
    private void FollowSlowTargets()
    {
        foreach (var (id, name) in _state.Slow)
        {
            _ = FollowAsync(id, name);
        }
    }

    private async Task FollowAsync(Guid targetId, string targetName)
    {
        try
        {
            await _state.ReloadAsync(targetId, targetName, _closing.Token);
            if (!_closing.IsCancellationRequested)
            {
                StateHasChanged();
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // The page was left before the target answered.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task OnTargetsChangedAsync(IReadOnlySet<Guid> targets, bool targetsChanged)
    {
        if (FixedTargetId is null && (targetsChanged || targets.Any(id => !_state.Knows(id))))
        {
            // A target was added, renamed or removed: names and membership changed, so reload all.
            await _state.LoadAllAsync(CancellationToken.None);
            FollowSlowTargets();
        }
        else
        {
            foreach (var id in targets)
            {
                var name = _state.Targets.FirstOrDefault(t => t.Id == id).Name ?? FixedTargetName ?? "";
                await _state.ReloadAsync(id, name, CancellationToken.None);
            }
        }

        StateHasChanged();
    }

    private async Task ReloadAsync(Guid targetId, string targetName)
    {
        await _state.ReloadAsync(targetId, targetName, CancellationToken.None);
        StateHasChanged();
    }

    private void Filter(Action change)
    {
        change();
        _state.Apply();
    }

    private static string Plural(int count) => count == 1 ? "1 container" : $"{count} containers";

    private static BadgeStyle StateStyle(string state) => state switch
    {
        "running" => BadgeStyle.Success,
        "paused" => BadgeStyle.Warning,
        "restarting" => BadgeStyle.Info,
        "dead" => BadgeStyle.Danger,
        _ => BadgeStyle.Base,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
        _feed?.Dispose();
    }
}
