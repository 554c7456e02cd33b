namespace WindFlow.Infrastructure.Hosting;

/// <summary>Where WindFlow keeps its files: <c>WINDFLOW_DATA_DIR</c>, default <c>./data</c>.</summary>
public sealed class DataDirectoryOptions
{
    /// <summary>Absolute path of the data directory (created at start-up).</summary>
    public string Path { get; set; } = System.IO.Path.GetFullPath("data");
}
