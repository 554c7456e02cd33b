using System.Text.Json.Nodes;

namespace WindFlow.Core.Workflows.Engine;

/// <summary>What node tasks, timers and callers tell a run's coordinator; only the coordinator changes run state.</summary>
internal abstract record RunMessage(string NodeId);

internal sealed record AttemptStarted(string NodeId, int Attempt, JsonNode? Input, IReadOnlyList<string> Logs) : RunMessage(NodeId);

internal sealed record AttemptFailed(string NodeId, string Error, IReadOnlyList<string> Logs) : RunMessage(NodeId);

/// <summary>The node task ended; a null <see cref="Result"/> means it was cancelled.</summary>
internal sealed record NodeFinished(string NodeId, NodeResult? Result, IReadOnlyList<string> Logs) : RunMessage(NodeId);

internal sealed record DecisionRequested(string NodeId, ApprovalDecision Decision, TaskCompletionSource<bool> Reply) : RunMessage(NodeId);

/// <summary>A decision another instance stored for a node this one still shows waiting.</summary>
internal sealed record DecisionStored(NodeRun Node) : RunMessage(Node.NodeId);

internal sealed record ApprovalExpired(string NodeId) : RunMessage(NodeId);

internal sealed record CancelRequested() : RunMessage("");
