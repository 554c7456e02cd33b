namespace WindFlow.Core.Workflows;

/// <summary>A workflow as drawn in the editor; every save also adds a <see cref="WorkflowVersion"/>.</summary>
public sealed class Workflow
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The name shown in lists, unique per organisation.</summary>
    public required string Name { get; set; }

    /// <summary>The organisation it belongs to; null (workflows saved before organisations) means the default one.</summary>
    public Guid? OrganizationId { get; set; }

    /// <summary>The organisation whose roles apply to it.</summary>
    public Guid OwnerId => OrganizationId ?? Organizations.Organization.DefaultId;

    /// <summary>What the workflow is for.</summary>
    public string? Description { get; set; }

    /// <summary>The number of the latest <see cref="WorkflowVersion"/>.</summary>
    public int Version { get; set; }

    /// <summary>The graph of the latest version.</summary>
    public WorkflowGraph Graph { get; set; } = WorkflowGraph.Empty;

    /// <summary>Whether triggers (schedule, webhook, deployment event) may start runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last saved.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
