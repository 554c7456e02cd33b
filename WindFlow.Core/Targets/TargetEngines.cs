using System.Text.Json;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;

namespace WindFlow.Core.Targets;

/// <summary>A target together with the engine client that reaches it.</summary>
public sealed record TargetEngine(Target Target, IContainerEngine Engine);

/// <summary>
/// Turns a target into an engine client (decrypting its credentials) and an engine failure into a
/// <see cref="TargetError"/> that names the target, so every service reports failures alike.
/// </summary>
public sealed class TargetEngines(ITargetStore store, ISecretProtector secrets, IContainerEngineFactory engines, AccessGuard guard)
{
    /// <summary>
    /// Refuses unless the caller may do <paramref name="action"/> on the containers and engine
    /// resources of target <paramref name="targetId"/>. An unknown target passes: the call that
    /// follows reports it as not found. Returns true so it can lead a condition.
    /// </summary>
    public async Task<bool> DemandAsync(Guid targetId, ActionClass action, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(targetId, cancellationToken) is { } target)
        {
            await guard.DemandAsync(target.OrganizationId, Resource.Container, action, cancellationToken);
        }

        return true;
    }

    /// <summary>As <see cref="RunAsync{T}(Guid, Func{IContainerEngine, CancellationToken, Task{T}}, CancellationToken)"/>, for a caller whose role must allow <paramref name="action"/> on the target's containers.</summary>
    public async Task<TargetResult<T>> RunAsync<T>(
        Guid targetId, ActionClass action, Func<IContainerEngine, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await DemandAsync(targetId, action, cancellationToken);
        return await RunAsync(targetId, call, cancellationToken);
    }

    /// <summary>As <see cref="ResolveAsync(Guid, CancellationToken)"/>, for a caller whose role must allow <paramref name="action"/>.</summary>
    public async Task<TargetResult<TargetEngine>> ResolveAsync(Guid targetId, ActionClass action, CancellationToken cancellationToken)
    {
        await DemandAsync(targetId, action, cancellationToken);
        return await ResolveAsync(targetId, cancellationToken);
    }

    /// <summary>The Data Protection purpose of target credentials; changing it makes stored ones unreadable.</summary>
    public const string CredentialsPurpose = "WindFlow.Targets.Credentials.v1";

    /// <summary>Encrypts credentials for storage.</summary>
    public string Protect(EngineCredentials credentials) =>
        secrets.Protect(CredentialsPurpose, JsonSerializer.Serialize(credentials));

    /// <summary>
    /// The engine client for <paramref name="target"/>. Throws <see cref="EngineException"/> for an
    /// unusable endpoint and <see cref="SecretUnreadableException"/> when the credentials cannot be decrypted.
    /// </summary>
    public IContainerEngine For(Target target) => For(target.Endpoint, target.ProtectedCredentials);

    /// <summary>The engine client for an endpoint and its encrypted credentials.</summary>
    public IContainerEngine For(string endpoint, string? protectedCredentials) => engines.Create(
        endpoint,
        protectedCredentials is null
            ? null
            : JsonSerializer.Deserialize<EngineCredentials>(secrets.Unprotect(CredentialsPurpose, protectedCredentials)));

    /// <summary>Runs <paramref name="call"/> against target <paramref name="targetId"/>'s engine.</summary>
    public async Task<TargetResult<T>> RunAsync<T>(
        Guid targetId, Func<IContainerEngine, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var target = await store.FindAsync(targetId, cancellationToken);
        if (target is null)
        {
            return NotFound(targetId);
        }

        try
        {
            return TargetResult<T>.Ok(await call(For(target), cancellationToken));
        }
        catch (Exception ex) when (ex is EngineException or SecretUnreadableException)
        {
            return Failed(target, ex);
        }
    }

    /// <summary>Resolves a target and its engine, or says why it cannot.</summary>
    public async Task<TargetResult<TargetEngine>> ResolveAsync(Guid targetId, CancellationToken cancellationToken)
    {
        var target = await store.FindAsync(targetId, cancellationToken);
        if (target is null)
        {
            return NotFound(targetId);
        }

        try
        {
            return TargetResult<TargetEngine>.Ok(new TargetEngine(target, For(target)));
        }
        catch (Exception ex) when (ex is EngineException or SecretUnreadableException)
        {
            return Failed(target, ex);
        }
    }

    /// <summary>The error for a failed engine call; the engine's 404 and 409 keep their meaning.</summary>
    public static TargetError Failed(Target target, Exception exception) =>
        Failed(exception, $"Target '{target.Name}' ({target.Endpoint}): {exception.Message}");

    /// <summary>The same, when the target is not at hand (a stream that failed after it started).</summary>
    public static TargetError Failed(Exception exception, string? unavailableMessage = null) => exception switch
    {
        EngineException { Kind: EngineErrorKind.NotFound } => new TargetError(TargetErrorKind.EngineObjectNotFound, exception.Message),
        EngineException { Kind: EngineErrorKind.Conflict } => new TargetError(TargetErrorKind.EngineConflict, exception.Message),
        _ => new TargetError(TargetErrorKind.EngineFailed, unavailableMessage ?? exception.Message),
    };

    /// <summary>The error for an unknown target id.</summary>
    public static TargetError NotFound(Guid id) => new(TargetErrorKind.NotFound, $"No target has id {id}.");
}
