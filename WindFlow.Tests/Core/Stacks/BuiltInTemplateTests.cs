using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WindFlow.Core.Compose;
using WindFlow.Core.Stacks;
using WindFlow.Infrastructure.Hosting;
using WindFlow.Tests.TestSupport;

namespace WindFlow.Tests.Core.Stacks;

/// <summary>Every template shipped in WindFlow.Web/templates parses, validates with its defaults and health-checks its services.</summary>
public sealed class BuiltInTemplateTests
{
    private static readonly string TemplateDirectory = Path.Combine(RepositoryPaths.Root, "WindFlow.Web", "templates");

    // Validate touches neither store, the guard nor the audit trail; the policy is the default one an organisation starts with.
    private readonly StackService _stacks = new(null!, null!, new TemplateRenderer(), null!, Options.Create(new ComposePolicyOptions()), TimeProvider.System, null!);

    public static TheoryData<string> TemplateIds() =>
        [.. Directory.EnumerateFiles(TemplateDirectory, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order()];

    [Fact]
    public void Catalog_ShippedTemplates_LoadsAtLeastNineWithoutErrors()
    {
        var errors = new List<string>();
        var files = Source().Load((id, reason) => errors.Add($"{id}: {reason}"));
        var catalog = new TemplateCatalog(new FixedSource(files), _stacks, NullLogger<TemplateCatalog>.Instance);

        Assert.Empty(errors);
        Assert.True(catalog.List().Count >= 9, $"Only {catalog.List().Count} templates loaded.");
        Assert.Equal(files.Count, catalog.List().Count);
        Assert.Contains(catalog.List(), t => t.Id == "busybox-web" && t.Name == "Busybox web server");
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_WithDefaults_ParsesValidatesAndHasHealthChecks(string id)
    {
        var parsed = StackDocument.Parse(File.ReadAllText(Path.Combine(TemplateDirectory, id + ".yaml")));
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var content = parsed.Document!;
        Assert.False(string.IsNullOrWhiteSpace(content.Description));
        Assert.False(string.IsNullOrWhiteSpace(content.Category));
        Assert.False(string.IsNullOrWhiteSpace(content.Icon));

        var check = _stacks.Validate(content.Template, content.Variables);

        Assert.True(check.IsValid, string.Join("\n", check.Problems));
        var project = ComposeParser.Parse(check.Rendered!).Project!;
        Assert.NotEmpty(project.Services);
        Assert.All(project.Services, s => Assert.True(s.Value.Healthcheck is { Disable: false, Test.Count: > 0 }, $"{id}: service {s.Key} has no health check."));
    }

    [Theory]
    [MemberData(nameof(TemplateIds))]
    public void Template_EveryOptionSwitchedOn_StillValidOrOnlyRefusedByPolicy(string id)
    {
        var content = StackDocument.Parse(File.ReadAllText(Path.Combine(TemplateDirectory, id + ".yaml"))).Document!;
        var allOn = content.Variables.Where(v => v.Value.Type == VariableType.Boolean).ToDictionary(v => v.Key, _ => (string?)"true");

        var check = _stacks.Validate(content.Template, content.Variables, allOn);

        // Only the Docker socket, which the Traefik template documents, may be refused by the default policy.
        Assert.All(check.Problems, p => Assert.Contains("socket", p.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Catalog_BrokenTemplate_IsSkippedNotThrown()
    {
        var good = File.ReadAllText(Path.Combine(TemplateDirectory, "busybox-web.yaml"));
        var catalog = new TemplateCatalog(
            new FixedSource([new TemplateFile("broken", "metadata: [not, a, mapping]\n"), new TemplateFile("good", good)]), _stacks, NullLogger<TemplateCatalog>.Instance);

        var template = Assert.Single(catalog.List());
        Assert.Equal("good", template.Id);
        Assert.Null(catalog.Find("broken"));
    }

    private static DirectoryTemplateSource Source() =>
        new(Options.Create(new TemplateCatalogOptions { Directory = TemplateDirectory }));

    private sealed class FixedSource(IReadOnlyList<TemplateFile> files) : ITemplateSource
    {
        public IReadOnlyList<TemplateFile> Load(Action<string, string> onError) => files;
    }
}
