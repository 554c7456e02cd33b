using Microsoft.AspNetCore.Components;
using Radzen;
using WindFlow.Core.Targets;
using WindFlow.Web.Auth;
using WindFlow.Web.Components.Shared;

namespace WindFlow.Web.Components.Pages.Targets;

/// <summary>A target's images: pull with per-layer progress, remove, prune.</summary>
public sealed partial class ImagesTab : IDisposable
{
    [Inject]
    private EngineResourceService Resources { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NotificationService Notifications { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private AccessView Access { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid TargetId { get; set; }

    private List<ImageRow>? _images;
    private string? _error;
    private string _image = "";
    private bool _pulling;
    private PullProgressState? _pull;
    private string? _pullError;
    private CancellationTokenSource? _pullStop;
    private TargetPermissions _may = TargetPermissions.None;

    protected override async Task OnInitializedAsync()
    {
        _may = await Access.OnTargetAsync(TargetId);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var result = await Resources.ListImagesAsync(TargetId, CancellationToken.None);
        _images = result.Value?.ToList() ?? [];
        _error = result.Error?.Message;
    }

    private async Task PullAsync()
    {
        _pulling = true;
        _pull = new PullProgressState();
        _pullError = null;
        _pullStop = new CancellationTokenSource();
        try
        {
            var opened = await Resources.OpenPullAsync(TargetId, _image, _pullStop.Token);
            if (!opened.Succeeded)
            {
                _pullError = opened.Error!.Message;
                return;
            }

            var lastRender = DateTimeOffset.MinValue;
            await foreach (var progress in opened.Value!.WithCancellation(_pullStop.Token))
            {
                _pull.Apply(progress);
                // Downloads report many times a second: redraw at most five times a second.
                if (Clock.GetUtcNow() - lastRender > TimeSpan.FromMilliseconds(200))
                {
                    lastRender = Clock.GetUtcNow();
                    StateHasChanged();
                    await Task.Yield();
                }
            }

            Notifications.Notify(NotificationSeverity.Success, "Pulled", _image.Trim());
            await LoadAsync();
        }
        catch (OperationCanceledException)
        {
            _pullError = "Pull cancelled.";
        }
        catch (EngineException ex)
        {
            _pullError = ex.Message;
        }
        finally
        {
            _pulling = false;
            _pullStop?.Dispose();
            _pullStop = null;
        }
    }

    private void CancelPull() => _pullStop?.Cancel();

    private async Task RemoveAsync(ImageRow row)
    {
        var name = row.Image.RepoTags.FirstOrDefault(t => t != "<none>:<none>") ?? Format.ShortId(row.Image.Id);
        var message = row.InUse
            ? $"{name} is used by {row.Containers} container(s). Removing it anyway untags it; the engine keeps the layers until those containers are gone."
            : $"{name} is deleted from this host. It can be pulled or built again.";
        var confirmed = await Dialogs.Confirm(message, $"Remove {name}?", new ConfirmOptions { OkButtonText = row.InUse ? "Force remove" : "Remove", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        var result = await Resources.RemoveImageAsync(TargetId, row.Image.Id, force: row.InUse || row.Image.RepoTags.Count > 1, CancellationToken.None);
        if (result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Success, "Image removed", name);
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Error, $"Could not remove {name}", result.Error!.Message, 10000);
        }

        await LoadAsync();
    }

    private async Task PruneAsync()
    {
        var confirmed = await Dialogs.Confirm("Untagged images that no container uses are deleted.", "Prune dangling images?",
            new ConfirmOptions { OkButtonText = "Prune", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }

        var result = await Resources.PruneImagesAsync(TargetId, CancellationToken.None);
        if (result.Succeeded)
        {
            Notifications.Notify(NotificationSeverity.Success, "Pruned", $"{result.Value!.Removed.Count} images removed, {Format.Bytes(result.Value.SpaceReclaimedBytes)} freed.");
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Error, "Prune failed", result.Error!.Message, 10000);
        }

        await LoadAsync();
    }

    public void Dispose()
    {
        _pullStop?.Cancel();
    }
}
