namespace WindFlow.Tests.TestSupport;

/// <summary>Locates files of the repository from the test's bin folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The app as <c>make test</c> publishes it; end-to-end tests run what ships.</summary>
    public static string PublishedApp => Path.Combine(Root, "artifacts", "publish", "WindFlow.Web.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WindFlow.Blazor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("WindFlow.Blazor.sln not found above " + AppContext.BaseDirectory);
    }
}
