using System.Text.Json;
using Microsoft.Extensions.Options;
using WindFlow.Core.Common;
using WindFlow.Core.Compose;
using WindFlow.Core.Deployments.Engine;
using WindFlow.Core.Stacks;

namespace WindFlow.Core.Deployments;

/// <summary>A stack version rendered with values and resolved for one project: ready to plan and apply.</summary>
/// <param name="Project">What to apply.</param>
/// <param name="Rendered">The rendered compose file (secrets in clear: never store or show it as is).</param>
/// <param name="Redacted">The rendered file with secret values masked.</param>
/// <param name="Order">Services in dependency levels.</param>
/// <param name="Secrets">Secret values, to redact from anything shown.</param>
public sealed record CompiledDeployment(
    DesiredProject Project,
    string Rendered,
    string Redacted,
    IReadOnlyList<IReadOnlyList<string>> Order,
    IReadOnlyList<string> Secrets);

/// <summary>
/// Turns a stack version and values into a <see cref="CompiledDeployment"/>: values checked against
/// the schema, template rendered (strict), compose parsed (unknown keys refused), organisation policy
/// checked, container specs built with compose's and WindFlow's labels. Every problem is reported,
/// each with the field and, for the compose file, its line.
/// </summary>
public sealed class DeploymentCompiler(TemplateRenderer renderer, IOptions<ComposePolicyOptions> policy)
{
    /// <summary>Reads a version's variables schema (stored as JSON).</summary>
    public static VariableSchema SchemaOf(StackVersion version)
    {
        using var json = JsonDocument.Parse(version.VariablesJson);
        var parsed = VariableSchemaJson.Parse(json.RootElement);
        return parsed.Schema ?? VariableSchema.Empty;
    }

    /// <summary>Checks values against the version's schema; problems are named <c>values.NAME</c>.</summary>
    public static IReadOnlyList<InputProblem> CheckValues(StackVersion version, IReadOnlyDictionary<string, string?> values) =>
        VariableValues.Validate(SchemaOf(version), values).Select(e => new InputProblem($"values.{e.Name}", e.Message)).ToList();

    /// <summary>
    /// Compiles <paramref name="version"/> with <paramref name="values"/> for project <paramref name="projectName"/>.
    /// <paramref name="imagePins"/> (service to image id) replaces the images of a rollback whose tags have moved since.
    /// </summary>
    public OperationResult<CompiledDeployment> Compile(
        StackVersion version,
        IReadOnlyDictionary<string, string?> values,
        string projectName,
        Guid deploymentId,
        int revision,
        IReadOnlyDictionary<string, string>? imagePins = null)
    {
        var schema = SchemaOf(version);
        var valueProblems = VariableValues.Validate(schema, values).Select(e => new InputProblem($"values.{e.Name}", e.Message)).ToList();
        if (valueProblems.Count > 0)
        {
            return OperationError.Invalid(valueProblems);
        }

        var rendered = renderer.Render(version.Template, VariableValues.Resolve(schema, values));
        if (rendered.Text is null || rendered.Errors.Count > 0)
        {
            return OperationError.Invalid(rendered.Errors.Select(e => new InputProblem("template", e.Message, e.Line, e.Column)).ToList());
        }

        var parsed = ComposeParser.Parse(rendered.Text);
        var composeProblems = parsed.Errors.ToList();
        if (parsed.Project is { } parsedProject)
        {
            composeProblems.AddRange(ComposePolicy.Check(parsedProject, policy.Value));
        }

        if (!parsed.Succeeded || composeProblems.Count > 0)
        {
            // Lines are those of the rendered file, which matches the template wherever no block helper added or removed lines.
            return OperationError.Invalid(composeProblems.Select(e => new InputProblem("template", $"{e.Path}: {e.Message}", e.Line, e.Column)).ToList());
        }

        var project = parsed.Project!;
        var secrets = VariableValues.SecretNames(schema)
            .Select(name => values.GetValueOrDefault(name))
            .OfType<string>()
            .ToList();
        var labels = new Dictionary<string, string>
        {
            [WindFlowLabels.Deployment] = deploymentId.ToString(),
            [WindFlowLabels.Revision] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var services = project.Services.Values.Select(service => ToDesired(project, projectName, service, labels, imagePins)).ToList();
        var networks = ComposeContainerBuilder.Networks(project, projectName)
            .Where(n => n.External || n.Create is not null)
            .Select(n => new DesiredNetwork(n.EngineName, n.External, n.Create ?? new Targets.NetworkCreate(n.EngineName)))
            .ToList();
        var volumes = ComposeContainerBuilder.Volumes(project, projectName)
            .Select(v => new DesiredVolume(v.EngineName, v.External, v.Create ?? new Targets.VolumeCreate(v.EngineName)))
            .ToList();
        return OperationResult<CompiledDeployment>.Ok(new CompiledDeployment(
            new DesiredProject(projectName, services, networks, volumes),
            rendered.Text,
            SecretText.Redact(rendered.Text, secrets),
            ComposeOrder.Levels(project),
            secrets));
    }

    private static DesiredService ToDesired(
        ComposeProject project, string projectName, ComposeService service, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string>? pins)
    {
        var hash = ComposeConfigHash.Compute(project, projectName, service.Name);
        var pin = pins?.GetValueOrDefault(service.Name);
        if (pin is not null)
        {
            // A pinned image is another configuration: its containers must not pass for the tag's.
            hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(hash + "@" + pin)));
        }

        var dependsOn = service.DependsOn.ToDictionary(
            d => d.Service,
            d => d.Condition switch
            {
                "service_healthy" => DependencyCondition.Healthy,
                "service_completed_successfully" => DependencyCondition.CompletedSuccessfully,
                _ => DependencyCondition.Started,
            },
            StringComparer.Ordinal);
        return new DesiredService(
            service.Name,
            service.Deploy?.Replicas ?? 1,
            pin ?? service.Image,
            service.PullPolicy switch { "always" => "always", "never" => "never", _ => "missing" },
            dependsOn,
            hash,
            number =>
            {
                var spec = ComposeContainerBuilder.Build(project, projectName, service.Name, number, labels);
                if (pin is null)
                {
                    return spec;
                }

                var pinnedLabels = new Dictionary<string, string>(spec.Labels) { [ComposeLabels.ConfigHash] = hash };
                return spec with { Image = pin, Labels = pinnedLabels };
            });
    }
}
