using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WindFlow.Core.Organizations;
using WindFlow.Core.Workflows;
using WindFlow.Core.Workflows.Engine;

namespace WindFlow.Infrastructure.Persistence;

/// <summary>Workflows, versions and runs in WindFlow's database; also the engine's run store.</summary>
internal sealed class EfWorkflowStore(IDbContextFactory<WindFlowDbContext> contexts, TimeProvider time) : IWorkflowStore, IWorkflowRunStore
{
    public async Task<IReadOnlyList<Workflow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Workflow>().AsNoTracking().OrderBy(w => w.Name).ToListAsync(cancellationToken);
    }

    public async Task<Workflow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Workflow>().AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
    }

    public async Task<bool> NameTakenAsync(Guid organizationId, string name, Guid? exceptId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Workflows made before organisations have none and belong to Default.
        var inDefault = organizationId == Organization.DefaultId;
        return await db.Set<Workflow>().AnyAsync(
            w => (w.OrganizationId == organizationId || (inDefault && w.OrganizationId == null)) && w.Name == name && w.Id != exceptId, cancellationToken);
    }

    public async Task AddAsync(Workflow workflow, WorkflowVersion version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(workflow);
        db.Add(version);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task UpdateAsync(Workflow workflow, WorkflowVersion? version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Update(workflow);
        if (version is not null)
        {
            db.Add(version);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Versions, runs, node states and the webhook go with it (cascading foreign keys).
        await db.Set<Workflow>().Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowVersion>> VersionsAsync(Guid workflowId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowVersion>().AsNoTracking().Where(v => v.WorkflowId == workflowId)
            .OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
    }

    public async Task<WorkflowVersion?> FindVersionAsync(Guid workflowId, int number, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.WorkflowId == workflowId && v.Number == number, cancellationToken);
    }

    public async Task AddRunAsync(WorkflowRun run, string? requestedBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = new WorkflowRunRecord { GraphJson = "", VarsJson = "", Status = "", RequestedBy = requestedBy };
        Copy(run, record);
        db.Add(record);
        db.AddRange(run.Nodes.Values.Select(n => Copy(run.Id, n, new WorkflowNodeRunRecord { NodeId = n.NodeId, Status = "", LogsJson = "" })));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowRun>> ListRunsAsync(Guid? workflowId, WorkflowRunStatus? status, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statusText = status?.ToString();
        var records = await db.Set<WorkflowRunRecord>().AsNoTracking()
            .Where(r => (workflowId == null || r.WorkflowId == workflowId) && (statusText == null || r.Status == statusText))
            .ToListAsync(cancellationToken);
        // SQLite cannot ORDER BY a DateTimeOffset column, so the page is picked here.
        var page = records.OrderByDescending(r => r.CreatedAt).Take(take).ToList();
        var ids = page.Select(r => r.Id).ToList();
        var nodes = (await db.Set<WorkflowNodeRunRecord>().AsNoTracking().Where(n => ids.Contains(n.RunId)).ToListAsync(cancellationToken))
            .ToLookup(n => n.RunId);
        return page.Select(r => ToRun(r, nodes[r.Id])).ToList();
    }

    public async Task<IReadOnlyList<Guid>> ListUnfinishedRunsAsync(Guid? workflowId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unfinished = new[] { nameof(WorkflowRunStatus.Pending), nameof(WorkflowRunStatus.Running) };
        var records = await db.Set<WorkflowRunRecord>().AsNoTracking()
            .Where(r => unfinished.Contains(r.Status) && (workflowId == null || r.WorkflowId == workflowId))
            .Select(r => new { r.Id, r.CreatedAt })
            .ToListAsync(cancellationToken);
        return records.OrderBy(r => r.CreatedAt).Select(r => r.Id).ToList();
    }

    public async Task SetWebhookHashAsync(Guid workflowId, string tokenHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<WorkflowWebhookRecord>().SingleOrDefaultAsync(w => w.WorkflowId == workflowId, cancellationToken);
        if (record is null)
        {
            db.Add(new WorkflowWebhookRecord { WorkflowId = workflowId, TokenHash = tokenHash, CreatedAt = time.GetUtcNow() });
        }
        else
        {
            record.TokenHash = tokenHash;
            record.CreatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<(Guid WorkflowId, string StoredHash)?> FindWebhookAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<WorkflowWebhookRecord>().AsNoTracking().SingleOrDefaultAsync(w => w.TokenHash == tokenHash, cancellationToken);
        return record is null ? null : (record.WorkflowId, record.TokenHash);
    }

    public async Task SaveRunAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<WorkflowRunRecord>().SingleOrDefaultAsync(r => r.Id == run.Id, cancellationToken);
        if (record is null)
        {
            record = new WorkflowRunRecord { GraphJson = "", VarsJson = "", Status = "" };
            db.Add(record);
        }

        Copy(run, record);
        var stored = await db.Set<WorkflowNodeRunRecord>().Where(n => n.RunId == run.Id).ToDictionaryAsync(n => n.NodeId, StringComparer.Ordinal, cancellationToken);
        foreach (var node in run.Nodes.Values)
        {
            if (stored.TryGetValue(node.NodeId, out var existing))
            {
                // Another instance of a cluster may have stored a decision on an approval this
                // instance's copy still shows waiting; the executing instance adopts it at its next
                // sync, so rewriting the whole run in between must not undo it.
                if (!(node.Status == NodeRunStatus.WaitingForApproval && existing.Status is nameof(NodeRunStatus.Succeeded) or nameof(NodeRunStatus.Failed)))
                {
                    Copy(run.Id, node, existing);
                }
            }
            else
            {
                db.Add(Copy(run.Id, node, new WorkflowNodeRunRecord { NodeId = node.NodeId, Status = "", LogsJson = "" }));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SaveNodeAsync(Guid runId, NodeRun node, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Set<WorkflowNodeRunRecord>().SingleOrDefaultAsync(n => n.RunId == runId && n.NodeId == node.NodeId, cancellationToken);
        if (existing is null)
        {
            db.Add(Copy(runId, node, new WorkflowNodeRunRecord { NodeId = node.NodeId, Status = "", LogsJson = "" }));
        }
        else
        {
            Copy(runId, node, existing);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<WorkflowRun?> GetAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<WorkflowRunRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var nodes = await db.Set<WorkflowNodeRunRecord>().AsNoTracking().Where(n => n.RunId == runId).ToListAsync(cancellationToken);
        return ToRun(record, nodes);
    }

    public async Task RequestCancelAsync(Guid runId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Only the first request counts; a column of its own so that the executing instance's saves never erase it.
        await db.Set<WorkflowRunRecord>().Where(r => r.Id == runId && r.CancelRequestedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CancelRequestedAt, at), cancellationToken);
    }

    public async Task<RunControl?> GetControlAsync(Guid runId, IReadOnlyCollection<string> waitingNodeIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.Set<WorkflowRunRecord>().AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new { r.CancelRequestedAt }).SingleOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return null;
        }

        if (waitingNodeIds.Count == 0)
        {
            return new RunControl(run.CancelRequestedAt, []);
        }

        var ids = waitingNodeIds.ToList();
        var decided = new[] { nameof(NodeRunStatus.Succeeded), nameof(NodeRunStatus.Failed) };
        var nodes = await db.Set<WorkflowNodeRunRecord>().AsNoTracking()
            .Where(n => n.RunId == runId && ids.Contains(n.NodeId) && decided.Contains(n.Status))
            .ToListAsync(cancellationToken);
        return new RunControl(run.CancelRequestedAt, nodes.Select(ToNode).ToList());
    }

    // CancelRequestedAt is left out on purpose: only RequestCancelAsync writes it.
    private static void Copy(WorkflowRun run, WorkflowRunRecord record)
    {
        record.Id = run.Id;
        record.WorkflowId = run.WorkflowId;
        record.WorkflowVersion = run.WorkflowVersion;
        record.GraphJson = WorkflowGraphJson.Write(run.Graph);
        record.TriggerJson = run.Trigger?.ToJsonString();
        record.VarsJson = run.Vars.ToJsonString();
        record.Status = run.Status.ToString();
        record.Error = run.Error;
        record.CreatedAt = run.CreatedAt;
        record.StartedAt = run.StartedAt;
        record.FinishedAt = run.FinishedAt;
    }

    private static WorkflowNodeRunRecord Copy(Guid runId, NodeRun node, WorkflowNodeRunRecord record)
    {
        record.RunId = runId;
        record.Status = node.Status.ToString();
        record.Attempt = node.Attempt;
        record.InputJson = node.Input?.ToJsonString();
        record.OutputJson = node.Output?.ToJsonString();
        record.PortsJson = node.Ports is null ? null : JsonSerializer.Serialize(node.Ports);
        record.Error = node.Error;
        record.LogsJson = JsonSerializer.Serialize(node.Logs);
        record.StartedAt = node.StartedAt;
        record.FinishedAt = node.FinishedAt;
        record.ApprovalDeadline = node.ApprovalDeadline;
        return record;
    }

    private static WorkflowRun ToRun(WorkflowRunRecord record, IEnumerable<WorkflowNodeRunRecord> nodes) => new()
    {
        Id = record.Id,
        WorkflowId = record.WorkflowId,
        WorkflowVersion = record.WorkflowVersion,
        Graph = WorkflowGraphJson.Read(record.GraphJson),
        Trigger = record.TriggerJson is null ? null : JsonNode.Parse(record.TriggerJson),
        Vars = JsonNode.Parse(record.VarsJson) as JsonObject ?? [],
        Status = Enum.Parse<WorkflowRunStatus>(record.Status),
        Error = record.Error,
        CreatedAt = record.CreatedAt,
        StartedAt = record.StartedAt,
        FinishedAt = record.FinishedAt,
        CancelRequestedAt = record.CancelRequestedAt,
        Nodes = nodes.ToDictionary(n => n.NodeId, ToNode, StringComparer.Ordinal),
    };

    private static NodeRun ToNode(WorkflowNodeRunRecord n) => new(n.NodeId, Enum.Parse<NodeRunStatus>(n.Status))
    {
        Attempt = n.Attempt,
        Input = n.InputJson is null ? null : JsonNode.Parse(n.InputJson),
        Output = n.OutputJson is null ? null : JsonNode.Parse(n.OutputJson),
        Ports = n.PortsJson is null ? null : JsonSerializer.Deserialize<List<string>>(n.PortsJson),
        Error = n.Error,
        Logs = JsonSerializer.Deserialize<List<string>>(n.LogsJson) ?? [],
        StartedAt = n.StartedAt,
        FinishedAt = n.FinishedAt,
        ApprovalDeadline = n.ApprovalDeadline,
    };
}

/// <summary>Workflow secrets, protected at rest like deployment secrets; graphs only ever name them.</summary>
internal sealed class EfWorkflowSecrets(IDbContextFactory<WindFlowDbContext> contexts, WindFlow.Core.Common.ISecretProtector protector, TimeProvider time)
    : WindFlow.Core.Workflows.Expressions.IWorkflowSecrets
{
    private const string Purpose = "WindFlow.Workflows.Secrets";

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<WorkflowSecretRecord>().AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        return record is null ? null : protector.Unprotect(Purpose, record.ProtectedValue);
    }

    /// <summary>Creates or replaces a secret.</summary>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<WorkflowSecretRecord>().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (record is null)
        {
            db.Add(new WorkflowSecretRecord { Name = name, ProtectedValue = protector.Protect(Purpose, value), UpdatedAt = time.GetUtcNow() });
        }
        else
        {
            record.ProtectedValue = protector.Protect(Purpose, value);
            record.UpdatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
