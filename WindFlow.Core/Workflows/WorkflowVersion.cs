namespace WindFlow.Core.Workflows;

/// <summary>One immutable saved state of a workflow's graph; runs point at the version they executed.</summary>
public sealed class WorkflowVersion
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The workflow it belongs to.</summary>
    public Guid WorkflowId { get; set; }

    /// <summary>1, 2, 3... per workflow.</summary>
    public int Number { get; set; }

    /// <summary>The graph in the stored format (see <see cref="WorkflowGraphJson"/>).</summary>
    public required string GraphJson { get; set; }

    /// <summary>What changed, as the author said.</summary>
    public string? ChangeSummary { get; set; }

    /// <summary>Who saved it.</summary>
    public string? Author { get; set; }

    /// <summary>When it was saved.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
