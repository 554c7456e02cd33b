using WindFlow.Core.Stacks;

namespace WindFlow.Tests.Core.Stacks;

public sealed class TemplateRendererTests
{
    private readonly TemplateRenderer _renderer = new();

    private static Dictionary<string, object?> Values(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    private RenderResult Render(string template, params (string Name, object? Value)[] values) =>
        _renderer.Render(template, Values(values));

    private string Rendered(string template, params (string Name, object? Value)[] values)
    {
        var result = Render(template, values);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Text!;
    }

    [Fact]
    public void Render_TypedValues_FormatsForYaml()
    {
        Assert.Equal("port: 8080\nratio: 0.5\ndebug: false",
            Rendered("port: {{PORT}}\nratio: {{RATIO}}\ndebug: {{DEBUG}}", ("PORT", 8080L), ("RATIO", 0.5d), ("DEBUG", false)));
    }

    [Fact]
    public void Render_SpecialCharacters_AreNotHtmlEscaped()
    {
        var value = "a&b <c> \"d\" 'e' `f` =g";

        Assert.Equal(value + "|" + value, Rendered("{{X}}|{{{X}}}", ("X", value)));
    }

    [Theory]
    [InlineData("{{default PORT 8080}}", null, "8080")]
    [InlineData("{{default PORT 8080}}", "", "8080")]
    [InlineData("{{default PORT 8080}}", "9090", "9090")]
    [InlineData("{{lower PORT}}", "MiXeD", "mixed")]
    [InlineData("{{upper PORT}}", "MiXeD", "MIXED")]
    [InlineData("{{base64 PORT}}", "user:pässword", "dXNlcjpww6Rzc3dvcmQ=")]
    [InlineData("{{#if (eq PORT \"prod\")}}yes{{else}}no{{/if}}", "prod", "yes")]
    [InlineData("{{#if (eq PORT \"prod\")}}yes{{else}}no{{/if}}", "dev", "no")]
    [InlineData("{{#unless PORT}}empty{{/unless}}", "", "empty")]
    public void Render_Helper_ProducesExpectedText(string template, string? value, string expected)
    {
        Assert.Equal(expected, Rendered(template, ("PORT", value)));
    }

    [Fact]
    public void Render_EqWithNumberAndText_ComparesInvariantText()
    {
        Assert.Equal("same", Rendered("{{#if (eq N \"8080\")}}same{{/if}}", ("N", 8080L)));
    }

    [Fact]
    public void Render_RootVariableInsideEach_ExplainsRootPrefix()
    {
        var result = Render("x\n{{#each L}}{{X}}{{/each}}", ("L", new[] { "a" }), ("X", "v"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(new TemplateError(2, 14, "Variable 'X' is not visible inside this block; write @root.X to use the stack variable."), error);
        Assert.Equal("a:v,", Rendered("{{#each L}}{{this}}:{{@root.X}},{{/each}}", ("L", new[] { "a" }), ("X", "v")));
    }

    [Fact]
    public void Render_EachOverList_RendersItems()
    {
        Assert.Equal("a,b,", Rendered("{{#each L}}{{this}},{{/each}}", ("L", new[] { "a", "b" })));
    }

    [Fact]
    public void Render_UndefinedVariables_NamesEachWithLineAndColumn()
    {
        var result = Render("services:\n  web:\n    image: {{ IMAGE }}\n    ports: [\"{{PORT}}:80\"]\n{{#if TLS}}x{{/if}}", ("PORT", 80L));

        Assert.Null(result.Text);
        Assert.Equal(
            [new TemplateError(3, 15, "Variable 'IMAGE' is not defined; add it to the stack's variables or fix the name."),
             new TemplateError(5, 7, "Variable 'TLS' is not defined; add it to the stack's variables or fix the name.")],
            result.Errors);
    }

    [Fact]
    public void Render_NullValue_RendersEmptyInsteadOfError()
    {
        Assert.Equal("[]", Rendered("[{{X}}]", ("X", null)));
    }

    [Theory]
    [InlineData("a\nb: {{#if X}}y", 2, 4, "'{{#if}}' is never closed")]
    [InlineData("a\n  b {{/if}}", 2, 5, "closes a block that was never opened")]
    [InlineData("{{#if X}}{{/each}}", 1, 10, "closes '{{#if}}'")]
    [InlineData("ok\nimage: {{IMAGE", 2, 8, "'{{' is never closed")]
    [InlineData("{{#if}}{{/if}}", 1, 1, "needs a value")]
    [InlineData("x\n{{> header}}", 2, 1, "Partials")]
    [InlineData("{{default X}}", 1, 3, "'default' takes 2 arguments")]
    public void Render_SyntaxError_ReportsPosition(string template, int line, int column, string expected)
    {
        var result = Render(template, ("X", "v"));

        var error = Assert.Single(result.Errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("${A}", "a")]
    [InlineData("$A.", "a.")]
    [InlineData("${MISSING:-fallback}", "fallback")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${EMPTY-fallback}", "")]
    [InlineData("${MISSING-fallback}", "fallback")]
    [InlineData("${A:-fallback}", "a")]
    [InlineData("${MISSING:-${A}}", "a")]
    [InlineData("${A:+other}", "other")]
    [InlineData("${EMPTY?must be set}", "")]
    [InlineData("cost: $$5 and $${A}", "cost: $5 and ${A}")]
    [InlineData("${N}/${B}", "3/true")]
    public void Render_ComposeInterpolation_Substitutes(string template, string expected)
    {
        Assert.Equal(expected, Rendered(template, ("A", "a"), ("EMPTY", ""), ("N", 3L), ("B", true)));
    }

    [Theory]
    [InlineData("x: 1\ny: ${DB_HOST}", 2, 4, "Variable 'DB_HOST' is not defined")]
    [InlineData("y: $DB_HOST", 1, 4, "Variable 'DB_HOST' is not defined")]
    [InlineData("y: ${EMPTY:?set the host}", 1, 4, "EMPTY: set the host")]
    [InlineData("y: ${MISSING?}", 1, 4, "'MISSING' is required here")]
    [InlineData("y: ${A", 1, 4, "never closed")]
    [InlineData("y: ${A:x}", 1, 4, "not a valid interpolation")]
    [InlineData("y: cost $5", 1, 9, "write '$$' for a literal '$'")]
    public void Render_ComposeInterpolationError_ReportsNameAndLine(string template, int line, int column, string expected)
    {
        var result = Render(template, ("A", "a"), ("EMPTY", ""));

        Assert.Null(result.Text);
        var error = Assert.Single(result.Errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Render_HandlebarsThenCompose_UsesSameValues()
    {
        Assert.Equal("url: http://web:8080", Rendered("url: http://{{HOST}}:${PORT}", ("HOST", "web"), ("PORT", 8080L)));
    }

    [Fact]
    public void Render_SameTemplateInParallel_GivesSameText()
    {
        const string template = "{{#each L}}- {{upper this}} {{default @root.X 1}}\n{{/each}}{{#if (eq M \"a\")}}${M:-z}{{/if}}";
        var values = Values(("L", Enumerable.Range(0, 50).Select(i => $"item{i}").ToArray()), ("X", null), ("M", "a"));
        var expected = _renderer.Render(template, values).Text;

        var texts = new string?[200];
        Parallel.For(0, texts.Length, i => texts[i] = _renderer.Render(i % 2 == 0 ? template : template + "", values).Text);

        Assert.NotNull(expected);
        Assert.All(texts, t => Assert.Equal(expected, t));
    }

    [Fact]
    public void Render_ManyDistinctTemplates_StillRendersEach()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal($"{i}:v", Rendered($"{i}:{{{{X}}}}", ("X", "v")));
        }
    }
}
