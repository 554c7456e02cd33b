using WindFlow.Core.Targets;

namespace WindFlow.Web.Components.Pages.Containers;

/// <summary>
/// The rows of a container list, per target, and the filter applied to them. Live updates reload
/// only the targets an event came from and swap their rows in, so a busy host does not make the
/// whole list reload.
/// </summary>
public sealed class ContainerListState(ContainerService containers)
{
    private readonly Dictionary<Guid, List<TargetContainer>> _byTarget = [];
    private readonly Dictionary<Guid, TargetFailure> _failures = [];

    /// <summary>Text searched in name, image, project and id.</summary>
    public string Search { get; set; } = "";

    /// <summary>Only this state (<c>running</c>, <c>exited</c>...), or all when null.</summary>
    public string? State { get; set; }

    /// <summary>Only this target, or all when null.</summary>
    public Guid? TargetId { get; set; }

    /// <summary>The rows that pass the filter, newest first.</summary>
    public IReadOnlyList<TargetContainer> Rows { get; private set; } = [];

    /// <summary>Every row, whatever the filter.</summary>
    public int Total => _byTarget.Values.Sum(l => l.Count);

    /// <summary>Targets that could not be read, with the reason.</summary>
    public IReadOnlyList<TargetFailure> Failures => [.. _failures.Values];

    /// <summary>
    /// Targets of the last full load that were only slow: worth asking again without the full
    /// list's per-target wait, so their rows can still come in.
    /// </summary>
    public IReadOnlyList<(Guid Id, string Name)> Slow =>
        _failures.Values.Where(f => f.TimedOut).Select(f => (f.TargetId, f.TargetName)).ToList();

    /// <summary>True when the target was part of the last full load.</summary>
    public bool Knows(Guid targetId) => _names.ContainsKey(targetId);

    /// <summary>The targets seen, for the filter.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Targets { get; private set; } = [];

    private readonly Dictionary<Guid, string> _names = [];

    /// <summary>Loads every target's containers.</summary>
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        var all = await containers.ListAllAsync(cancellationToken);
        _byTarget.Clear();
        _failures.Clear();
        _names.Clear();
        foreach (var target in all.Targets)
        {
            _names[target.Id] = target.Name;
        }

        foreach (var group in all.Containers.GroupBy(c => c.TargetId))
        {
            _byTarget[group.Key] = [.. group];
            _names[group.Key] = group.First().TargetName;
        }

        foreach (var failure in all.Failures)
        {
            _failures[failure.TargetId] = failure;
            _names[failure.TargetId] = failure.TargetName;
        }

        SortTargets();
        Apply();
    }

    /// <summary>Reloads one target's containers.</summary>
    public async Task ReloadAsync(Guid targetId, string targetName, CancellationToken cancellationToken)
    {
        var result = await containers.ListAsync(targetId, all: true, cancellationToken);
        _names[targetId] = targetName;
        if (result.Succeeded)
        {
            _byTarget[targetId] = result.Value!.Select(c => new TargetContainer(targetId, targetName, c)).ToList();
            _failures.Remove(targetId);
        }
        else if (result.Error!.Kind == TargetErrorKind.NotFound)
        {
            _byTarget.Remove(targetId);
            _failures.Remove(targetId);
            _names.Remove(targetId);
        }
        else
        {
            _byTarget.Remove(targetId);
            _failures[targetId] = new TargetFailure(targetId, targetName, result.Error.Message);
        }

        SortTargets();
        Apply();
    }

    /// <summary>Recomputes <see cref="Rows"/> from the filter.</summary>
    public void Apply()
    {
        var search = Search.Trim();
        Rows = _byTarget
            .Where(t => TargetId is null || t.Key == TargetId)
            .SelectMany(t => t.Value)
            .Where(c => State is null || string.Equals(c.Container.State, State, StringComparison.Ordinal))
            .Where(c => search.Length == 0 || Matches(c.Container, search))
            .OrderByDescending(c => c.Container.Created)
            .ThenBy(c => c.Container.Name, StringComparer.Ordinal)
            .ToList();
    }

    private void SortTargets() =>
        Targets = _names.OrderBy(n => n.Value, StringComparer.OrdinalIgnoreCase).Select(n => (n.Key, n.Value)).ToList();

    private static bool Matches(ContainerSummary c, string search) =>
        c.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
        || c.Image.Contains(search, StringComparison.OrdinalIgnoreCase)
        || (c.Project?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || c.Id.StartsWith(search, StringComparison.OrdinalIgnoreCase);
}
