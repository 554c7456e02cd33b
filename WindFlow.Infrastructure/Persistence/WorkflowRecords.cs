namespace WindFlow.Infrastructure.Persistence;

// Core's WorkflowRun holds a graph, JSON documents and a dictionary of node states; these rows keep
// them as columns (JSON text where the shape is open) so that one node's transition writes one row.

/// <summary>A workflow run's own fields.</summary>
internal sealed class WorkflowRunRecord
{
    public Guid Id { get; set; }

    public Guid WorkflowId { get; set; }

    public int WorkflowVersion { get; set; }

    public required string GraphJson { get; set; }

    public string? TriggerJson { get; set; }

    public required string VarsJson { get; set; }

    public required string Status { get; set; }

    public string? Error { get; set; }

    public string? RequestedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? CancelRequestedAt { get; set; }
}

/// <summary>One node's state in one run.</summary>
internal sealed class WorkflowNodeRunRecord
{
    public Guid RunId { get; set; }

    public required string NodeId { get; set; }

    public required string Status { get; set; }

    public int Attempt { get; set; }

    public string? InputJson { get; set; }

    public string? OutputJson { get; set; }

    public string? PortsJson { get; set; }

    public string? Error { get; set; }

    public required string LogsJson { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? ApprovalDeadline { get; set; }
}

/// <summary>A workflow's webhook token, as a SHA-256 hash (the token itself is shown once and never stored).</summary>
internal sealed class WorkflowWebhookRecord
{
    public Guid WorkflowId { get; set; }

    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A named secret workflows reference as <c>{{ secrets.NAME }}</c>; the value is protected with Data Protection.</summary>
internal sealed class WorkflowSecretRecord
{
    public required string Name { get; set; }

    public required string ProtectedValue { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
