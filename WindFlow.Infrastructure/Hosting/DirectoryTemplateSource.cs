using Microsoft.Extensions.Options;
using WindFlow.Core.Stacks;

namespace WindFlow.Infrastructure.Hosting;

/// <summary>Reads the built-in templates from the <c>*.yaml</c> files of <see cref="TemplateCatalogOptions.Directory"/>.</summary>
public sealed class DirectoryTemplateSource(IOptions<TemplateCatalogOptions> options) : ITemplateSource
{
    /// <inheritdoc />
    public IReadOnlyList<TemplateFile> Load(Action<string, string> onError)
    {
        var directory = Path.GetFullPath(options.Value.Directory, AppContext.BaseDirectory);
        if (!Directory.Exists(directory))
        {
            onError(directory, "the template directory does not exist");
            return [];
        }

        var files = new List<TemplateFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            try
            {
                files.Add(new TemplateFile(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                onError(path, ex.Message);
            }
        }

        return files;
    }
}
