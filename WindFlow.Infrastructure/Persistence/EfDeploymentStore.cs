using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Deployments;

namespace WindFlow.Infrastructure.Persistence;

internal sealed class EfDeploymentStore(IDbContextFactory<WindFlowDbContext> contexts) : IDeploymentStore
{
    public async Task<IReadOnlyList<Deployment>> ListAsync(bool includeRemoved, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Deployments.AsNoTracking()
            .Where(d => includeRemoved || d.Status != DeploymentStatus.Removed)
            .OrderBy(d => d.Name)
            .ToListAsync(cancellationToken);
    }

    public async Task<Deployment?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    public async Task<bool> NameExistsAsync(Guid targetId, string name, Guid? exceptId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Deployments.AnyAsync(
            d => d.TargetId == targetId && d.Name == name && d.Status != DeploymentStatus.Removed && (exceptId == null || d.Id != exceptId),
            cancellationToken);
    }

    public async Task<int> CountForStackAsync(Guid stackId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Deployments.CountAsync(d => d.StackId == stackId && d.Status != DeploymentStatus.Removed, cancellationToken);
    }

    public async Task AddAsync(Deployment deployment, Run firstRun, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Deployments.Add(deployment);
        db.Runs.Add(firstRun);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UpdateAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Deployments.Update(deployment);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeploymentRevision>> ListRevisionsAsync(Guid deploymentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DeploymentRevisions.AsNoTracking()
            .Where(r => r.DeploymentId == deploymentId)
            .OrderByDescending(r => r.Number)
            .ToListAsync(cancellationToken);
    }

    public async Task<DeploymentRevision?> FindRevisionAsync(Guid deploymentId, int number, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DeploymentRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.DeploymentId == deploymentId && r.Number == number, cancellationToken);
    }

    public async Task AddRevisionAsync(DeploymentRevision revision, Deployment deployment, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.DeploymentRevisions.Add(revision);
        db.Deployments.Update(deployment);
        await db.SaveChangesAsync(cancellationToken);
    }
}
