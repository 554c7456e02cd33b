using WindFlow.Core.Workflows;

namespace WindFlow.Tests.Core.Workflows;

/// <summary>The three shipped workflow templates load from Core and are valid graphs as they stand.</summary>
public sealed class WorkflowTemplatesTests
{
    private readonly WorkflowValidator _validator = new(new NodeTypeRegistry(BuiltInNodeTypes.All));

    [Fact]
    public void All_ThreeShippedTemplates_ById()
    {
        Assert.Equal(["deploy-on-webhook", "nightly-maintenance", "staging-to-production"], WorkflowTemplates.All.Select(t => t.Id));
        Assert.All(WorkflowTemplates.All, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Name));
            Assert.False(string.IsNullOrWhiteSpace(t.Description));
            Assert.All(t.Graph.Nodes, n => Assert.NotNull(n.Position));
        });
    }

    [Theory]
    [InlineData("staging-to-production", new[] { "trigger.manual", "action.deploy", "action.http", "action.approval", "action.deploy" })]
    [InlineData("nightly-maintenance", new[] { "trigger.schedule", "logic.set", "action.http", "action.http", "logic.join", "action.notify" })]
    [InlineData("deploy-on-webhook", new[] { "trigger.webhook", "action.deploy", "action.waitHealthy", "action.notify" })]
    public void Template_AsShipped_ValidatesWithTheExpectedSteps(string id, string[] types)
    {
        var template = WorkflowTemplates.Find(id)!;

        Assert.Empty(_validator.Validate(template.Graph));
        Assert.Equal(types, template.Graph.Nodes.Select(n => n.Type));
    }
}
