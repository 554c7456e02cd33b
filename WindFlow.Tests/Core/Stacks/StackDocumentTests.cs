using WindFlow.Core.Stacks;

namespace WindFlow.Tests.Core.Stacks;

public sealed class StackDocumentTests
{
    private const string Document = """
        metadata:
          name: wordpress
          description: WordPress with MariaDB
          category: CMS
          icon: wordpress
          tags: [cms, php]
        template: |
          services:
            web:
              image: wordpress
              ports: ["{{WP_PORT}}:80"]
        variables:
          WP_PORT: {type: integer, label: Port, default: 8080, min: 1, max: 65535}
        """;

    [Fact]
    public void Parse_FullDocument_ReadsEveryPart()
    {
        var result = StackDocument.Parse(Document);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var content = result.Document!;
        Assert.Equal(("wordpress", "WordPress with MariaDB", "CMS", "wordpress"), (content.Name, content.Description, content.Category, content.Icon));
        Assert.Equal(["cms", "php"], content.Tags);
        Assert.Equal("services:\n  web:\n    image: wordpress\n    ports: [\"{{WP_PORT}}:80\"]\n", content.Template);
        Assert.Equal(8080L, content.Variables["WP_PORT"].Default);
    }

    [Theory]
    [InlineData("services:\n  web:\n    image: x\n")]
    [InlineData("services:\n  web:\n    image: x")]
    [InlineData("services:\n  web:\n    image: x\n\n\n")]
    [InlineData("  indented first line\nnext\n")]
    [InlineData("\nleading blank line\n")]
    [InlineData("tab\there and trailing space \nx")]
    [InlineData("windows\r\nline\r\n")]
    [InlineData("# comment: {{X}} 'quotes' \"double\" ${Y:-z} $$\n")]
    [InlineData("")]
    public void Write_ThenParse_KeepsTemplateByteForByte(string template)
    {
        var content = new StackDocumentContent("app", "d", null, null, ["a"], template,
            VariableSchemaYaml.Parse("X: {type: string, default: v}\nY: {type: select, options: [p, q]}").Schema!);

        var yaml = StackDocument.Write(content);
        var again = StackDocument.Parse(yaml);

        Assert.True(again.Succeeded, string.Join("; ", again.Errors) + "\n" + yaml);
        Assert.Equal(content, again.Document);
        Assert.Equal(template, again.Document!.Template);
        Assert.Equal(yaml, StackDocument.Write(again.Document));
    }

    [Fact]
    public void Write_PlainTemplate_UsesLiteralBlock()
    {
        var yaml = StackDocument.Write(StackDocument.Parse(Document).Document!);

        Assert.Contains("template: |\n  services:\n    web:\n", yaml, StringComparison.Ordinal);
        Assert.Equal(StackDocument.Parse(Document).Document, StackDocument.Parse(yaml).Document);
    }

    [Theory]
    [InlineData("metadata: {description: x}\ntemplate: a", 1, 11, "'metadata.name' is required")]
    [InlineData("metadata: {name: x}", 1, 1, "'template' is required")]
    [InlineData("metadata: {name: x}\ntemplate: a\nextra: 1", 3, 1, "Unknown key 'extra'")]
    [InlineData("metadata: {name: x, owner: me}\ntemplate: a", 1, 21, "Unknown key 'metadata.owner'")]
    [InlineData("metadata: {name: x, tags: cms}\ntemplate: a", 1, 27, "'metadata.tags' must be a list")]
    [InlineData("metadata: {name: x}\ntemplate: a\nvariables:\n  P: {type: integer, default: x}", 4, 31, "default 'x' is not an integer")]
    [InlineData("metadata: {name: x}\ntemplate: [a]", 2, 11, "'template' must be text")]
    [InlineData("- a", 1, 1, "must be a mapping")]
    [InlineData("metadata: {name: x\ntemplate: a", 0, 0, "Invalid YAML")]
    [InlineData("metadata:\n  name: \"x\ntemplate: a", 2, 9, "Invalid YAML")]
    public void Parse_InvalidDocument_ReportsErrorWithPosition(string yaml, int line, int column, string expected)
    {
        var result = StackDocument.Parse(yaml);

        Assert.Null(result.Document);
        var error = Assert.Single(result.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
