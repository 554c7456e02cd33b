using WindFlow.Core.Compose;

namespace WindFlow.Tests.Core.Compose;

public sealed class ComposeOrderTests
{
    private static ComposeProject Parse(string yaml)
    {
        var result = ComposeParser.Parse(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Project!;
    }

    [Fact]
    public void Levels_DependencyGraph_GroupsByDepthSortedWithinLevel()
    {
        var project = Parse("""
            services:
              web:
                image: app
                depends_on: [api, cache]
              api:
                image: app
                depends_on:
                  db:
                    condition: service_healthy
              db:
                image: app
              cache:
                image: app
              worker:
                image: app
                depends_on: [db]
              sidecar:
                image: app
                network_mode: service:web
            """);

        var levels = ComposeOrder.Levels(project);

        Assert.Equal(
            [["cache", "db"], ["api", "worker"], ["web"], ["sidecar"]],
            levels.Select(l => l.ToArray()).ToArray());
        Assert.Equal(
            [["sidecar"], ["web"], ["api", "worker"], ["cache", "db"]],
            ComposeOrder.ReverseLevels(project).Select(l => l.ToArray()).ToArray());
    }

    [Fact]
    public void Levels_Cycle_Throws()
    {
        var service = new ComposeService { Name = "a", Location = ComposeLocation.Start, Image = "app" };
        var project = new ComposeProject(
            null,
            new Dictionary<string, ComposeService>
            {
                ["a"] = service with { DependsOn = [new ComposeDependency("b", ComposeDependencyConditions.ServiceStarted, false, true, ComposeLocation.Start)] },
                ["b"] = service with { Name = "b", DependsOn = [new ComposeDependency("a", ComposeDependencyConditions.ServiceStarted, false, true, ComposeLocation.Start)] },
            },
            new Dictionary<string, ComposeNetwork>(),
            new Dictionary<string, ComposeVolume>());

        var error = Assert.Throws<InvalidOperationException>(() => ComposeOrder.Levels(project));

        Assert.Contains("a, b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SelfDependency_IsReportedAsCycle()
    {
        var result = ComposeParser.Parse("services:\n  a:\n    image: app\n    depends_on: [a]\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("services a depend on each other in a cycle (a -> a)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoSeparateCycles_ReportsBoth()
    {
        var result = ComposeParser.Parse("""
            services:
              a: {image: app, depends_on: [b]}
              b: {image: app, depends_on: [a]}
              c: {image: app, depends_on: [d]}
              d: {image: app, depends_on: [c]}
            """);

        Assert.Equal(
            ["(a -> b -> a)", "(c -> d -> c)"],
            result.Errors.Select(e => e.Message[e.Message.IndexOf('(', StringComparison.Ordinal)..(e.Message.IndexOf(')', StringComparison.Ordinal) + 1)]));
    }
}
