namespace WindFlow.Core.Deployments;

/// <summary>Persistence for deployments and their revisions.</summary>
public interface IDeploymentStore
{
    /// <summary>Deployments ordered by name; removed ones only when asked.</summary>
    Task<IReadOnlyList<Deployment>> ListAsync(bool includeRemoved, CancellationToken cancellationToken);

    /// <summary>A deployment by id, or null.</summary>
    Task<Deployment?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>True when a deployment that is not removed, other than <paramref name="exceptId"/>, uses <paramref name="name"/> on the target.</summary>
    Task<bool> NameExistsAsync(Guid targetId, string name, Guid? exceptId, CancellationToken cancellationToken);

    /// <summary>How many deployments (removed ones excluded) use a stack.</summary>
    Task<int> CountForStackAsync(Guid stackId, CancellationToken cancellationToken);

    /// <summary>Saves a new deployment together with its first run, in one transaction.</summary>
    Task AddAsync(Deployment deployment, Run firstRun, CancellationToken cancellationToken);

    /// <summary>Saves every field of a deployment.</summary>
    Task UpdateAsync(Deployment deployment, CancellationToken cancellationToken);

    /// <summary>Revisions of a deployment, newest first.</summary>
    Task<IReadOnlyList<DeploymentRevision>> ListRevisionsAsync(Guid deploymentId, CancellationToken cancellationToken);

    /// <summary>One revision, or null.</summary>
    Task<DeploymentRevision?> FindRevisionAsync(Guid deploymentId, int number, CancellationToken cancellationToken);

    /// <summary>Saves a revision and the deployment that now runs it, in one transaction.</summary>
    Task AddRevisionAsync(DeploymentRevision revision, Deployment deployment, CancellationToken cancellationToken);
}
