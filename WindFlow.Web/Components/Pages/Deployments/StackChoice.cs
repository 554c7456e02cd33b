using WindFlow.Core.Stacks;

namespace WindFlow.Web.Components.Pages.Deployments;

/// <summary>The stack and version a form has picked, with that version's details (variables) loaded.</summary>
public sealed class StackChoice(StackService stacks)
{
    public Guid? StackId { get; private set; }

    /// <summary>The picked stack's versions, newest first.</summary>
    public List<StackVersionChoice> Versions { get; private set; } = [];

    public int? Version { get; private set; }

    /// <summary>The picked version, or null while none is.</summary>
    public StackDetails? Details { get; private set; }

    /// <summary>The form's starting values for the picked version: its defaults.</summary>
    public Dictionary<string, string?> Defaults() =>
        Details is null ? new Dictionary<string, string?>() : DeploymentValueRules.Defaults(Details.Variables);

    /// <summary>Picks a stack at its latest version; returns why it could not be read, or null.</summary>
    public async Task<string?> SelectStackAsync(Guid? id)
    {
        StackId = id;
        Versions = [];
        Version = null;
        Details = null;
        if (id is not { } stackId)
        {
            return null;
        }

        var versions = await stacks.VersionsAsync(stackId, CancellationToken.None);
        if (!versions.Succeeded)
        {
            return versions.Error!.Message;
        }

        Versions = StackVersionChoice.From(versions.Value!);
        return await SelectVersionAsync(versions.Value!.FirstOrDefault()?.Number);
    }

    /// <summary>Picks a version of the picked stack; returns why it could not be read, or null.</summary>
    public async Task<string?> SelectVersionAsync(int? version)
    {
        Version = version;
        Details = null;
        if (StackId is not { } stackId || version is null)
        {
            return null;
        }

        var details = await stacks.GetAsync(stackId, version, CancellationToken.None);
        Details = details.Value;
        return details.Error?.Message;
    }
}
