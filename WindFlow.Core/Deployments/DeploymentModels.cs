using WindFlow.Core.Stacks;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Deployments;

/// <summary>What the deploy wizard (or <c>POST /deployments</c>) submits.</summary>
/// <param name="StackId">The stack.</param>
/// <param name="StackVersion">Its version; the latest when null.</param>
/// <param name="TargetId">Where to deploy.</param>
/// <param name="Name">Compose project name, unique on the target.</param>
/// <param name="Values">Variable values; missing ones take their default (or are generated).</param>
/// <param name="AutoRollback">Roll back by itself when an update fails.</param>
public sealed record DeployRequest(
    Guid StackId,
    int? StackVersion,
    Guid TargetId,
    string? Name,
    IReadOnlyDictionary<string, string?>? Values,
    bool AutoRollback = true);

/// <summary>A queued run: where to follow it.</summary>
public sealed record RunAccepted(Guid DeploymentId, Guid RunId);

/// <summary>One service of a deployment as the engine shows it now.</summary>
public sealed record ServiceState(string Service, IReadOnlyList<ContainerSummary> Containers);

/// <summary>A deployment with its names, live services and values (secrets masked).</summary>
/// <param name="Deployment">The deployment.</param>
/// <param name="StackName">Name of its stack.</param>
/// <param name="TargetName">Name of its target.</param>
/// <param name="Services">Containers by service, read from the engine now.</param>
/// <param name="EngineError">Why the services could not be read, or null.</param>
/// <param name="ActiveRun">The pending or running run, or null.</param>
/// <param name="Variables">The schema of its stack version.</param>
/// <param name="Values">Its values, secret ones replaced by the mask.</param>
public sealed record DeploymentDetails(
    Deployment Deployment,
    string StackName,
    string TargetName,
    IReadOnlyList<ServiceState> Services,
    string? EngineError,
    Run? ActiveRun,
    VariableSchema Variables,
    IReadOnlyDictionary<string, string?> Values);
