namespace WindFlow.Core.Stacks;

/// <summary>One immutable saved state of a stack: its compose template and variables schema.</summary>
public sealed class StackVersion
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>The stack it belongs to.</summary>
    public Guid StackId { get; set; }

    /// <summary>1, 2, 3... per stack.</summary>
    public int Number { get; set; }

    /// <summary>The compose template (Handlebars and <c>${VAR}</c> placeholders).</summary>
    public required string Template { get; set; }

    /// <summary>The variables schema as JSON (see <c>VariableSchema</c>).</summary>
    public required string VariablesJson { get; set; }

    /// <summary>What changed, as the author said.</summary>
    public string? ChangeSummary { get; set; }

    /// <summary>Who saved it.</summary>
    public string? Author { get; set; }

    /// <summary>When it was saved.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
