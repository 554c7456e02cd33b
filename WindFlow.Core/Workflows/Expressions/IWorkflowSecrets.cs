namespace WindFlow.Core.Workflows.Expressions;

/// <summary>Resolves <c>{{ secrets.NAME }}</c> at run time, so graphs only ever hold the name.</summary>
public interface IWorkflowSecrets
{
    /// <summary>The secret's value, or null when no secret has that name.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);
}
