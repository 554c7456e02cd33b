namespace WindFlow.Core.Stacks;

/// <summary>Persistence for stacks and their versions.</summary>
public interface IStackStore
{
    /// <summary>Stacks ordered by name; archived ones only when asked.</summary>
    Task<IReadOnlyList<Stack>> ListAsync(bool includeArchived, CancellationToken cancellationToken);

    /// <summary>A stack by id, or null.</summary>
    Task<Stack?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>True when a stack other than <paramref name="exceptId"/> is named <paramref name="name"/>.</summary>
    Task<bool> NameExistsAsync(Guid organizationId, string name, Guid? exceptId, CancellationToken cancellationToken);

    /// <summary>Saves a new stack with its first version; false when the name is taken.</summary>
    Task<bool> AddAsync(Stack stack, StackVersion version, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the stack's new metadata and appends <paramref name="version"/>, whose number must be
    /// the stack's current latest + 1; false when another save took that number first or the name is taken.
    /// </summary>
    Task<bool> AddVersionAsync(Stack stack, StackVersion version, CancellationToken cancellationToken);

    /// <summary>Saves metadata only (name, description, tags, archived...); false when the name is taken.</summary>
    Task<bool> UpdateAsync(Stack stack, CancellationToken cancellationToken);

    /// <summary>Every version of a stack, newest first.</summary>
    Task<IReadOnlyList<StackVersion>> ListVersionsAsync(Guid stackId, CancellationToken cancellationToken);

    /// <summary>One version, or null.</summary>
    Task<StackVersion?> FindVersionAsync(Guid stackId, int number, CancellationToken cancellationToken);

    /// <summary>Deletes a stack and its versions; false when it did not exist.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);
}
