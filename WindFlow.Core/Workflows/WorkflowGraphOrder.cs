namespace WindFlow.Core.Workflows;

/// <summary>Graph walks shared by validation and the engine; edges to unknown nodes are ignored here.</summary>
public static class WorkflowGraphOrder
{
    /// <summary>Each cycle once, as the node ids along it in edge order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> FindCycles(WorkflowGraph graph)
    {
        var next = Successors(graph);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var cycles = new List<IReadOnlyList<string>>();

        // Iterative colouring DFS: deep chains (hundreds of nodes) must not overflow the stack.
        foreach (var root in next.Keys)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }

            var stack = new Stack<(string Node, IEnumerator<string> Children)>();
            state[root] = 1;
            path.Add(root);
            stack.Push((root, next[root].GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, children) = stack.Peek();
                if (!children.MoveNext())
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    stack.Pop();
                    continue;
                }

                var child = children.Current;
                switch (state.GetValueOrDefault(child))
                {
                    case 0:
                        state[child] = 1;
                        path.Add(child);
                        stack.Push((child, next[child].GetEnumerator()));
                        break;
                    case 1:
                        cycles.Add(path[path.IndexOf(child)..]);
                        break;
                }
            }
        }

        return cycles;
    }

    /// <summary>For each node, every node that runs before it (its transitive predecessors).</summary>
    public static Dictionary<string, HashSet<string>> Ancestors(WorkflowGraph graph)
    {
        var previous = graph.Nodes.Select(n => n.Id).Distinct().ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in graph.Edges.Where(e => previous.ContainsKey(e.From) && previous.ContainsKey(e.To)))
        {
            previous[edge.To].Add(edge.From);
        }

        var ancestors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var id in previous.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var todo = new Stack<string>(previous[id]);
            while (todo.TryPop(out var current))
            {
                if (seen.Add(current))
                {
                    previous[current].ForEach(todo.Push);
                }
            }

            ancestors[id] = seen;
        }

        return ancestors;
    }

    private static Dictionary<string, List<string>> Successors(WorkflowGraph graph)
    {
        var next = graph.Nodes.Select(n => n.Id).Distinct().ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in graph.Edges.Where(e => next.ContainsKey(e.From) && next.ContainsKey(e.To)))
        {
            next[edge.From].Add(edge.To);
        }

        return next;
    }
}
