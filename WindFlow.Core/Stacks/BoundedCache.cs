namespace WindFlow.Core.Stacks;

/// <summary>A thread-safe least-recently-used cache with a fixed number of entries; values are created once per key.</summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, Lazy<TValue> Value)>> _index = [];
    private readonly LinkedList<(TKey Key, Lazy<TValue> Value)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _index.Count;
            }
        }
    }

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        Lazy<TValue> entry;
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                entry = node.Value.Value;
            }
            else
            {
                entry = new Lazy<TValue>(() => create(key), LazyThreadSafetyMode.ExecutionAndPublication);
                _index[key] = _order.AddFirst((key, entry));
                if (_index.Count > capacity)
                {
                    _index.Remove(_order.Last!.Value.Key);
                    _order.RemoveLast();
                }
            }
        }

        // Created outside the lock so a slow compile does not block lookups of other keys.
        return entry.Value;
    }
}
