namespace WindFlow.Core.Stacks;

/// <summary>
/// A reusable, parameterised compose template. Its content lives in immutable
/// <see cref="StackVersion"/>s; the stack itself holds what describes it in lists.
/// </summary>
public sealed class Stack
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The owning organisation.</summary>
    public Guid OrganizationId { get; set; }

    /// <summary>Unique display name.</summary>
    public required string Name { get; set; }

    /// <summary>What the stack runs.</summary>
    public string? Description { get; set; }

    /// <summary>Free-form group shown in lists (<c>Databases</c>, <c>Web</c>...).</summary>
    public string? Category { get; set; }

    /// <summary>An icon name from the UI's icon set.</summary>
    public string? Icon { get; set; }

    /// <summary>Search tags.</summary>
    public IReadOnlyList<string> Tags { get; set; } = [];

    /// <summary>Number of the newest version.</summary>
    public int LatestVersion { get; set; }

    /// <summary>Archived stacks are hidden from lists and cannot be deployed anew; existing deployments keep working.</summary>
    public bool Archived { get; set; }

    /// <summary>The built-in template it was created from, if any.</summary>
    public string? TemplateId { get; set; }

    /// <summary>When the stack was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the stack or its latest version last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
