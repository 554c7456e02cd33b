namespace WindFlow.Core.Deployments.Engine;

/// <summary>An apply stopped: <see cref="Exception.Message"/> says why in words for the user.</summary>
public sealed class DeployFailedException(string message, string? service = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The service at fault, when one is.</summary>
    public string? Service { get; } = service;
}
