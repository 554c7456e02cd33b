namespace WindFlow.Infrastructure.Hosting;

/// <summary>Where the built-in stack templates are read from (section <c>Templates</c>).</summary>
public sealed class TemplateCatalogOptions
{
    public const string SectionName = "Templates";

    /// <summary>A directory of <c>*.yaml</c> stack documents; relative paths start at the app's directory.</summary>
    public string Directory { get; set; } = "templates";
}
