using WindFlow.Core.Targets;

namespace WindFlow.Infrastructure.Docker;

/// <summary>
/// Splits an image reference into the <c>fromImage</c> and <c>tag</c> parameters of
/// <c>POST /images/create</c>, the way the docker CLI does.
/// </summary>
internal static class DockerImageReference
{
    public const string DefaultTag = "latest";

    /// <summary>
    /// <c>registry:5000/team/app:1.2</c> gives (<c>registry:5000/team/app</c>, <c>1.2</c>);
    /// <c>app@sha256:...</c> gives (<c>app</c>, <c>sha256:...</c>) because the engine takes a digest in
    /// <c>tag</c>; no tag gives <c>latest</c>.
    /// </summary>
    public static (string Name, string Tag) Split(string reference)
    {
        var trimmed = reference?.Trim() ?? "";
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        string name;
        string tag;
        if (at >= 0)
        {
            // A digest pins the content, so a tag written next to it (name:tag@digest) says nothing more.
            name = WithoutTag(trimmed[..at]).Name;
            tag = trimmed[(at + 1)..];
        }
        else
        {
            (name, var explicitTag) = WithoutTag(trimmed);
            tag = explicitTag ?? DefaultTag;
        }

        // An empty tag must never reach the engine: without one, /images/create pulls every tag of the repository.
        if (name.Length == 0 || tag.Length == 0)
        {
            throw new EngineException(EngineErrorKind.Api, $"'{reference}' is not a valid image reference: expected name[:tag] or name@digest.");
        }

        return (name, tag);
    }

    // Only a colon after the last slash starts a tag; one before it separates a registry host from its port.
    private static (string Name, string? Tag) WithoutTag(string reference)
    {
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/')
            ? (reference[..colon], reference[(colon + 1)..])
            : (reference, null);
    }
}
