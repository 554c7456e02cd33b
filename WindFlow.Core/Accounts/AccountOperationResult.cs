namespace WindFlow.Core.Accounts;

/// <summary>Success, or the human-readable reasons an account change was refused.</summary>
public sealed record AccountOperationResult(IReadOnlyList<string> Errors)
{
    /// <summary>The shared success value.</summary>
    public static AccountOperationResult Success { get; } = new([]);

    /// <summary>True when nothing was refused.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>A refusal with one or more reasons.</summary>
    public static AccountOperationResult Fail(params string[] errors) => new(errors);
}
