namespace WindFlow.Core.Compose;

/// <summary>The order services start and stop in, from their <c>depends_on</c>.</summary>
public static class ComposeOrder
{
    /// <summary>
    /// Services grouped in levels: level 0 depends on nothing, each later level only on earlier
    /// ones; names are sorted within a level. Services of one level can be applied in parallel.
    /// </summary>
    /// <exception cref="InvalidOperationException">The services depend on each other in a cycle (a parsed project never does).</exception>
    public static IReadOnlyList<IReadOnlyList<string>> Levels(ComposeProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var level = new Dictionary<string, int>(StringComparer.Ordinal);
        var remaining = project.Services.Keys.ToHashSet(StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            var ready = remaining
                .Where(name => DependenciesOf(project, name).All(level.ContainsKey))
                .ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException($"services {string.Join(", ", remaining.Order(StringComparer.Ordinal))} depend on each other in a cycle");
            }

            foreach (var name in ready)
            {
                level[name] = DependenciesOf(project, name).Select(d => level[d] + 1).DefaultIfEmpty(0).Max();
                remaining.Remove(name);
            }
        }

        return level
            .GroupBy(pair => pair.Value)
            .OrderBy(group => group.Key)
            .Select(group => (IReadOnlyList<string>)group.Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList())
            .ToList();
    }

    /// <summary>The levels in stop/remove order: dependents before what they depend on.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ReverseLevels(ComposeProject project) =>
        Levels(project).Reverse().ToList();

    /// <summary>Every dependency cycle, each listed from its smallest name in dependency order.</summary>
    internal static IReadOnlyList<IReadOnlyList<string>> Cycles(ComposeProject project)
    {
        var cycles = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var stack = new List<string>();

        void Visit(string name)
        {
            var onStack = stack.IndexOf(name);
            if (onStack >= 0)
            {
                var cycle = stack.Skip(onStack).ToList();
                var start = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
                var rotated = cycle.Skip(start).Concat(cycle.Take(start)).ToList();
                var key = string.Join('\n', rotated);
                if (seen.Add(key))
                {
                    cycles.Add(rotated);
                }

                return;
            }

            if (done.Contains(name))
            {
                return;
            }

            stack.Add(name);
            foreach (var dependency in DependenciesOf(project, name))
            {
                Visit(dependency);
            }

            stack.RemoveAt(stack.Count - 1);
            done.Add(name);
        }

        foreach (var name in project.Services.Keys.Order(StringComparer.Ordinal))
        {
            Visit(name);
        }

        return cycles;
    }

    // network_mode: service:X needs X's container to exist first, as an explicit depends_on would.
    private static IEnumerable<string> DependenciesOf(ComposeProject project, string name)
    {
        var service = project.Services[name];
        var sharedNetwork = service.NetworkMode is { } mode && mode.StartsWith("service:", StringComparison.Ordinal)
            ? [mode["service:".Length..]]
            : Array.Empty<string>();
        return service.DependsOn.Select(d => d.Service).Concat(sharedNetwork).Where(project.Services.ContainsKey).Distinct();
    }
}
