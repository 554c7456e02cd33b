using System.Text.Json;
using System.Text.Json.Nodes;
using WindFlow.Core.Organizations;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>
/// <c>action.job</c>: <c>{targetId, image, command?, env?}</c> runs a one-off container on a target
/// to its end → output <c>{exitCode, logs}</c>; a non-zero exit fails the node. The image is pulled
/// when the target lacks it. The container is removed afterwards, also when the node times out or
/// the run is cancelled, so jobs leave nothing behind.
/// </summary>
public sealed class ContainerJobExecutor(TargetEngines engines) : IWorkflowNodeExecutor
{
    /// <summary>Label on every job container: the workflow run it belongs to.</summary>
    public const string RunLabel = "windflow.workflow-run";

    // The output lands in the run's stored state: the last lines are what a failure is about.
    private const int MaxLogLines = 500;

    /// <inheritdoc />
    public string NodeType => "action.job";

    /// <inheritdoc />
    public async Task<NodeResult> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var config = execution.Config;
        if (!Guid.TryParse(config["targetId"]?.ToString(), out var targetId))
        {
            return NodeResult.Failure($"'{config["targetId"]}' is not a target id.");
        }

        var image = config["image"]?.ToString()?.Trim();
        if (string.IsNullOrEmpty(image))
        {
            return NodeResult.Failure("The job needs an image.");
        }

        List<string> environment;
        try
        {
            environment = ReadEnvironment(config["env"]);
        }
        catch (JsonException ex)
        {
            return NodeResult.Failure($"env must be a JSON object of names to values: {ex.Message}");
        }

        var spec = new ContainerCreateSpec
        {
            Name = $"windflow-job-{execution.RunId.ToString("N")[..12]}-{execution.Node.Id.ToLowerInvariant()}-{execution.Attempt}",
            Image = image,
            Command = ReadCommand(config["command"]),
            Environment = environment,
            Labels = new Dictionary<string, string> { [RunLabel] = execution.RunId.ToString(), ["windflow.workflow-node"] = execution.Node.Id },
        };
        var result = await engines.RunAsync(targetId, ActionClass.Operate, (engine, ct) => RunAsync(engine, spec, execution.Log, ct), cancellationToken);
        return result.Succeeded ? result.Value! : NodeResult.Failure(result.Error!.Message);
    }

    private static async Task<NodeResult> RunAsync(IContainerEngine engine, ContainerCreateSpec spec, Action<string> log, CancellationToken cancellationToken)
    {
        if (await engine.InspectImageAsync(spec.Image, cancellationToken) is null)
        {
            log($"Pulling {spec.Image}");
            await foreach (var _ in engine.PullImageAsync(spec.Image, cancellationToken))
            {
            }
        }

        var id = await engine.CreateContainerAsync(spec, cancellationToken);
        try
        {
            await engine.StartContainerAsync(id, cancellationToken);
            log($"Started {spec.Name} ({id[..Math.Min(12, id.Length)]}) from {spec.Image}");
            var exitCode = await engine.WaitContainerAsync(id, cancellationToken);
            var lines = new Queue<string>();
            await foreach (var line in engine.StreamLogsAsync(id, new ContainerLogOptions(Tail: MaxLogLines), cancellationToken))
            {
                lines.Enqueue(line.Text);
                if (lines.Count > MaxLogLines)
                {
                    lines.Dequeue();
                }
            }

            foreach (var line in lines)
            {
                log(line);
            }

            log($"Exited with code {exitCode}");
            return exitCode == 0
                ? NodeResult.Success(new JsonObject { ["exitCode"] = exitCode, ["logs"] = string.Join('\n', lines) })
                : NodeResult.Failure($"The job exited with code {exitCode}.");
        }
        finally
        {
            // Not the node's token: a cancelled or timed-out job must still be cleaned up.
            await engine.RemoveContainerAsync(id, force: true, removeVolumes: true, CancellationToken.None);
        }
    }

    // A string runs through sh -c (what people type); a JSON array is the exact argument list.
    private static List<string>? ReadCommand(JsonNode? command) => command?.GetValueKind() switch
    {
        JsonValueKind.Array => command.AsArray().Select(a => a?.ToString() ?? "").ToList(),
        JsonValueKind.String when command.GetValue<string>().Trim() is { Length: > 0 } text => ["sh", "-c", text],
        _ => null,
    };

    private static List<string> ReadEnvironment(JsonNode? env)
    {
        var values = env?.GetValueKind() switch
        {
            JsonValueKind.Object => env.AsObject(),
            JsonValueKind.String when env.GetValue<string>().Trim() is { Length: > 0 } text => JsonNode.Parse(text)?.AsObject()
                ?? throw new JsonException("null is not an object."),
            _ => null,
        };
        var result = new List<string>();
        foreach (var (name, value) in values ?? [])
        {
            var text = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
            result.Add($"{name}={text}");
        }

        return result;
    }
}
