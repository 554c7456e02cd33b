using WindFlow.Core.Deployments;
using WindFlow.Core.Targets;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>Deploy-type runs of one day: what the dashboard chart plots.</summary>
public sealed record DayCount(DateTime Day, int Succeeded, int Failed)
{
    /// <summary>"Mar 05" on the axis.</summary>
    public string Label => Day.ToString("MMM dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What the dashboard shows, read through the Core services in one go.</summary>
public sealed record DashboardData(
    IReadOnlyList<(DeploymentStatus Status, int Count)> ByStatus,
    int TargetsOnline,
    int TargetsOffline,
    IReadOnlyList<Deployment> Failing,
    IReadOnlyList<Run> RecentRuns,
    IReadOnlyDictionary<Guid, string> DeploymentNames,
    IReadOnlyList<DayCount> PerDay)
{
    private const int Days = 14;

    /// <summary>Reads deployments, targets and runs and folds them into the dashboard's figures.</summary>
    public static async Task<DashboardData> LoadAsync(DeploymentService deployments, TargetService targets, TimeProvider clock, CancellationToken cancellationToken)
    {
        var all = await deployments.ListAsync(false, cancellationToken);
        var targetList = await targets.ListAsync(cancellationToken);
        var recent = await deployments.RunsAsync(null, 10, cancellationToken);
        // Enough runs to cover two weeks on a busy instance; RunsAsync caps at 500.
        var history = await deployments.RunsAsync(null, 500, cancellationToken);
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var perDay = Enumerable.Range(0, Days)
            .Select(i => today.AddDays(i - Days + 1))
            .Select(day =>
            {
                var runs = history.Where(r => r.Kind is RunKind.Deploy or RunKind.Update or RunKind.Rollback && r.CreatedAt.UtcDateTime.Date == day).ToList();
                return new DayCount(day, runs.Count(r => r.Status == RunStatus.Succeeded), runs.Count(r => r.Status == RunStatus.Failed));
            })
            .ToList();
        return new DashboardData(
            [.. all.GroupBy(d => d.Status).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))],
            targetList.Count(t => t.Status == TargetStatus.Online),
            targetList.Count(t => t.Status != TargetStatus.Online),
            [.. all.Where(d => d.Status == DeploymentStatus.Failed)],
            recent,
            all.ToDictionary(d => d.Id, d => d.Name),
            perDay);
    }
}
