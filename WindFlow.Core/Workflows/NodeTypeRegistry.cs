using System.Diagnostics.CodeAnalysis;

namespace WindFlow.Core.Workflows;

/// <summary>The node types a graph may use, by type id.</summary>
public sealed class NodeTypeRegistry
{
    private readonly Dictionary<string, NodeTypeDescriptor> _types;

    /// <summary>A registry of the given types.</summary>
    /// <exception cref="ArgumentException">A type id appears twice.</exception>
    public NodeTypeRegistry(IEnumerable<NodeTypeDescriptor> types)
    {
        _types = new Dictionary<string, NodeTypeDescriptor>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (!_types.TryAdd(type.Type, type))
            {
                throw new ArgumentException($"Node type '{type.Type}' is registered twice.", nameof(types));
            }
        }
    }

    /// <summary>A registry of the types WindFlow ships (<see cref="BuiltInNodeTypes"/>).</summary>
    public NodeTypeRegistry()
        : this(BuiltInNodeTypes.All)
    {
    }

    /// <summary>Every type, in palette order.</summary>
    public IEnumerable<NodeTypeDescriptor> All => _types.Values;

    /// <summary>Looks a type up.</summary>
    public bool TryGet(string type, [NotNullWhen(true)] out NodeTypeDescriptor? descriptor) =>
        _types.TryGetValue(type, out descriptor);
}
