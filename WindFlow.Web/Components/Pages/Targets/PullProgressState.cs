using WindFlow.Core.Targets;

namespace WindFlow.Web.Components.Pages.Targets;

/// <summary>Folds a pull's progress messages into one line per layer, as <c>docker pull</c> shows them.</summary>
public sealed class PullProgressState
{
    /// <summary>One layer's latest state.</summary>
    public sealed record Layer(string Id, string Status, long? Current, long? Total)
    {
        /// <summary>0-100 while the size is known, else null.</summary>
        public double? Percent => Total is > 0 && Current is { } c ? Math.Min(100, c * 100.0 / Total.Value) : Status is "Pull complete" or "Already exists" or "Download complete" ? 100 : null;
    }

    private readonly List<Layer> _layers = [];

    /// <summary>Layers in the order the engine first mentioned them.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The last message not about a layer (<c>Digest: ...</c>, <c>Status: Downloaded newer image...</c>).</summary>
    public string? Summary { get; private set; }

    /// <summary>Applies one message.</summary>
    public void Apply(PullProgress progress)
    {
        if (progress.LayerId is not { Length: > 0 } id || progress.Status.StartsWith("Pulling from", StringComparison.Ordinal))
        {
            Summary = progress.Status;
            return;
        }

        var layer = new Layer(id, progress.Status, progress.Current, progress.Total);
        var index = _layers.FindIndex(l => l.Id == id);
        if (index < 0)
        {
            _layers.Add(layer);
        }
        else
        {
            _layers[index] = layer;
        }
    }
}
