namespace WindFlow.Core.Targets;

/// <summary>Persistence for targets.</summary>
public interface ITargetStore
{
    /// <summary>All targets, ordered by name.</summary>
    Task<IReadOnlyList<Target>> ListAsync(CancellationToken cancellationToken);

    /// <summary>A target by id, or null.</summary>
    Task<Target?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>True when a target other than <paramref name="exceptId"/> is named <paramref name="name"/>.</summary>
    Task<bool> NameExistsAsync(Guid organizationId, string name, Guid? exceptId, CancellationToken cancellationToken);

    /// <summary>True when a target already uses <paramref name="endpoint"/>.</summary>
    Task<bool> EndpointExistsAsync(string endpoint, CancellationToken cancellationToken);

    /// <summary>Saves a new target; false when its name is already taken (a concurrent create won).</summary>
    Task<bool> AddAsync(Target target, CancellationToken cancellationToken);

    /// <summary>Saves every field of an existing target; false when its new name is already taken.</summary>
    Task<bool> UpdateAsync(Target target, CancellationToken cancellationToken);

    /// <summary>Saves only the status fields (status, message, last seen, versions, updated at); false when the target is gone.</summary>
    Task<bool> UpdateStatusAsync(Target target, CancellationToken cancellationToken);

    /// <summary>Deletes a target; false when it did not exist.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);
}
