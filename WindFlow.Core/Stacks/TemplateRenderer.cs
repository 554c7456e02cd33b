using System.Text.RegularExpressions;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;

namespace WindFlow.Core.Stacks;

/// <summary>
/// Renders a stack template: Handlebars first (strict: an undefined variable is an error; no HTML
/// escaping, the output is YAML; helpers <c>default</c>, <c>lower</c>, <c>upper</c>, <c>base64</c>,
/// <c>eq</c>), then compose-style <c>${VAR}</c> interpolation against the same values.
/// Thread-safe; compiled templates are cached by text because the editor validates on each keystroke.
/// </summary>
public sealed partial class TemplateRenderer
{
    private const int CacheSize = 64;

    // Each retry defines one more missing variable so a single render reports all of them.
    private const int MaxUndefinedReported = 50;

    private readonly IHandlebars _handlebars;
    private readonly BoundedCache<string, Compiled> _cache = new(CacheSize);
    private readonly Lock _compileLock = new();

    /// <summary>Creates a renderer with its own Handlebars environment.</summary>
    public TemplateRenderer()
    {
        _handlebars = Handlebars.Create(new HandlebarsConfiguration
        {
            ThrowOnUnresolvedBindingExpression = true,
            NoEscape = true,
            FormatProvider = System.Globalization.CultureInfo.InvariantCulture,
        });
        TemplateHelpers.Register(_handlebars);
    }

    private sealed record Compiled(HandlebarsTemplate<object, object>? Render, TemplateError? Error);

    /// <summary>Renders a template with typed values (see <see cref="VariableValues.Resolve"/>).</summary>
    /// <param name="template">The template text.</param>
    /// <param name="values">Values by variable name; a name that is present with a null value renders as empty.</param>
    public RenderResult Render(string template, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var compiled = _cache.GetOrAdd(template, Compile);
        if (compiled.Error is { } syntaxError)
        {
            return new RenderResult(null, [syntaxError]);
        }

        var errors = new List<TemplateError>();
        var context = new Dictionary<string, object?>(values, StringComparer.Ordinal);
        string? text = null;
        while (text is null && errors.Count < MaxUndefinedReported)
        {
            try
            {
                text = compiled.Render!(context);
            }
            catch (HandlebarsUndefinedBindingException ex) when (!context.ContainsKey(ex.MissingKey))
            {
                errors.Add(Located(template, ex.MissingKey,
                    $"Variable '{ex.MissingKey}' is not defined; add it to the stack's variables or fix the name."));
                context[ex.MissingKey] = null;
            }
            catch (HandlebarsUndefinedBindingException ex)
            {
                // Defined at the root but looked up inside a block such as #each, whose context is the item.
                errors.Add(Located(template, ex.MissingKey,
                    $"Variable '{ex.MissingKey}' is not visible inside this block; write @root.{ex.MissingKey} to use the stack variable."));
                break;
            }
            catch (Exception ex) when (ex is HandlebarsException or TemplateHelperException or InvalidOperationException)
            {
                errors.Add(RuntimeError(template, ex));
                break;
            }
        }

        if (text is null)
        {
            return new RenderResult(null, errors);
        }

        var interpolator = new ComposeInterpolator(context, template);
        var interpolated = interpolator.Interpolate(text);
        errors.AddRange(interpolator.Errors);
        return new RenderResult(errors.Count == 0 ? interpolated : null, errors);
    }

    private Compiled Compile(string template)
    {
        if (MustacheScanner.StructureError(template) is { } structureError)
        {
            return new Compiled(null, structureError);
        }

        try
        {
            lock (_compileLock)
            {
                return new Compiled(_handlebars.Compile(template), null);
            }
        }
        catch (Exception ex) when (ex is HandlebarsException or InvalidOperationException or ArgumentException)
        {
            var message = $"Template syntax error: {FirstLine(ex.Message)}";
            var position = HandlebarsPosition().Match(ex.Message);
            return position.Success
                ? new Compiled(null, new TemplateError(int.Parse(position.Groups[1].Value) + 1, int.Parse(position.Groups[2].Value) + 1, message))
                : new Compiled(null, new TemplateError(1, 1, message));
        }
    }

    private static TemplateError RuntimeError(string template, Exception ex)
    {
        var helperError = ex as TemplateHelperException ?? ex.InnerException as TemplateHelperException;
        var message = helperError?.Message ?? $"Template error: {FirstLine(ex.Message)}";
        return helperError is null ? new TemplateError(1, 1, message) : Located(template, helperError.Helper, message);
    }

    private static TemplateError Located(string template, string name, string message) =>
        MustacheScanner.Locate(template, name) is { } offset ? TextPosition.Error(template, offset, message) : new TemplateError(1, 1, message);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim().TrimEnd(':');

    [GeneratedRegex(@"Occured at: (\d+):(\d+)")]
    private static partial Regex HandlebarsPosition();
}
