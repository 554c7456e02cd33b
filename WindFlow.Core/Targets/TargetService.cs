using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using WindFlow.Core.Auditing;
using WindFlow.Core.Common;
using WindFlow.Core.Organizations;

namespace WindFlow.Core.Targets;

/// <summary>Registers, edits, tests and removes targets; the API and the UI both go through it.</summary>
public sealed partial class TargetService(
    ITargetStore store,
    TargetEngines engines,
    TargetStatusRecorder statuses,
    EngineEventBus bus,
    AccessGuard guard,
    IOrganizationStore organizations,
    TimeProvider clock,
    AuditTrail audit,
    ILogger<TargetService> logger)
{
    /// <summary>Longest accepted target name.</summary>
    public const int MaxNameLength = TargetValidation.MaxNameLength;

    /// <summary>The name given to the automatically registered local engine.</summary>
    public const string LocalTargetName = "local";

    // A test that hangs (a firewall dropping packets) must not leave the user waiting forever.
    private static readonly TimeSpan EngineTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The targets of the caller's organisation (or of every organisation they may read), ordered by name.</summary>
    public async Task<IReadOnlyList<Target>> ListAsync(CancellationToken cancellationToken)
    {
        var visible = await guard.ListFilterAsync(Resource.Target, cancellationToken);
        return (await store.ListAsync(cancellationToken)).Where(t => visible(t.OrganizationId)).ToList();
    }

    /// <summary>One target.</summary>
    public async Task<TargetResult<Target>> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await FindAsync(id, ActionClass.Read, cancellationToken) is { } target ? TargetResult<Target>.Ok(target) : NotFound(id);

    /// <summary>Registers a target in the given environment, else in the first environment of the caller's organisation; its status stays unknown until it is tested.</summary>
    public async Task<TargetResult<Target>> CreateAsync(TargetInput input, CancellationToken cancellationToken)
    {
        var environment = await PlaceAsync(input.EnvironmentId, cancellationToken);
        if (environment is null)
        {
            return new TargetError(TargetErrorKind.Invalid, "No such environment in your organisation.", "environmentId");
        }

        await guard.DemandAsync(environment.OrganizationId, Resource.Target, ActionClass.Manage, cancellationToken);
        if (Validate(input) is { } invalid)
        {
            return invalid;
        }

        var name = input.Name!.Trim();
        if (await store.NameExistsAsync(environment.OrganizationId, name, null, cancellationToken))
        {
            return NameTaken(name);
        }

        var now = clock.GetUtcNow();
        var target = new Target
        {
            Id = Guid.NewGuid(),
            OrganizationId = environment.OrganizationId,
            EnvironmentId = environment.Id,
            Name = name,
            Endpoint = input.Endpoint!.Trim(),
            Labels = Copy(input.Labels),
            ProtectedCredentials = IsEmpty(input.Credentials) ? null : Protect(input.Credentials),
            Status = TargetStatus.Unknown,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await audit.RecordedAsync("target.created", "target", target.Id.ToString(), await store.AddAsync(target, cancellationToken) ? Changed(target) : NameTaken(name));
    }

    /// <summary>
    /// Replaces name and endpoint; labels and credentials are kept when null. Empty credentials
    /// clear the stored ones. A new endpoint resets the status to unknown.
    /// </summary>
    public async Task<TargetResult<Target>> UpdateAsync(Guid id, TargetInput input, CancellationToken cancellationToken)
    {
        var target = await FindAsync(id, ActionClass.Manage, cancellationToken);
        if (target is null)
        {
            return NotFound(id);
        }

        if (Validate(input) is { } invalid)
        {
            return invalid;
        }

        if (input.EnvironmentId is { } environmentId && environmentId != target.EnvironmentId)
        {
            // Moving between organisations would hand deployments to another tenant: only environments of the same one.
            var environment = await organizations.FindEnvironmentAsync(environmentId, cancellationToken);
            if (environment is null || environment.OrganizationId != target.OrganizationId)
            {
                return new TargetError(TargetErrorKind.Invalid, "No such environment in the target's organisation.", "environmentId");
            }

            target.EnvironmentId = environmentId;
        }

        var name = input.Name!.Trim();
        if (await store.NameExistsAsync(target.OrganizationId, name, id, cancellationToken))
        {
            return NameTaken(name);
        }

        var endpoint = input.Endpoint!.Trim();
        if (!string.Equals(endpoint, target.Endpoint, StringComparison.Ordinal))
        {
            // What was learned about the old endpoint says nothing about the new one.
            target.Endpoint = endpoint;
            target.Status = TargetStatus.Unknown;
            target.StatusMessage = null;
            target.EngineVersion = null;
            target.ApiVersion = null;
        }

        target.Name = name;
        if (input.Labels is not null)
        {
            target.Labels = Copy(input.Labels);
        }

        if (input.Credentials is not null)
        {
            target.ProtectedCredentials = IsEmpty(input.Credentials) ? null : Protect(input.Credentials);
        }

        target.UpdatedAt = clock.GetUtcNow();
        return await audit.RecordedAsync("target.updated", "target", id.ToString(), await store.UpdateAsync(target, cancellationToken) ? Changed(target) : NameTaken(name));
    }

    /// <summary>Removes a target; what runs on its engine is left alone.</summary>
    public async Task<TargetResult<Guid>> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, ActionClass.Manage, cancellationToken) is null || !await store.DeleteAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        bus.Publish(new TargetNotification(TargetNotificationKind.TargetChanged, id));
        return await audit.RecordedAsync("target.deleted", "target", id.ToString(), TargetResult<Guid>.Ok(id));
    }

    /// <summary>Asks the target's engine for its facts and records the outcome as the target's status.</summary>
    public async Task<TargetResult<TargetTestResult>> TestConnectionAsync(Guid id, CancellationToken cancellationToken)
    {
        var target = await FindAsync(id, ActionClass.Operate, cancellationToken);
        if (target is null)
        {
            return NotFound(id);
        }

        var (info, status, message) = await ProbeAsync(target.Endpoint, target.ProtectedCredentials, cancellationToken);
        // Only the status fields are written, so an edit made while the engine was slow is not undone.
        return await statuses.RecordAsync(id, status, message, info, cancellationToken) is { } updated
            ? TargetResult<TargetTestResult>.Ok(new TargetTestResult(updated, info, message))
            : NotFound(id);
    }

    /// <summary>Tests every target at once and records each status; returns how many answered.</summary>
    public async Task<int> RefreshStatusesAsync(CancellationToken cancellationToken)
    {
        var targets = await store.ListAsync(cancellationToken);
        var outcomes = await Task.WhenAll(targets.Select(async target =>
        {
            var (info, status, message) = await ProbeAsync(target.Endpoint, target.ProtectedCredentials, cancellationToken);
            await statuses.RecordAsync(target.Id, status, message, info, cancellationToken);
            return info is not null;
        }));
        return outcomes.Count(answered => answered);
    }

    /// <summary>
    /// Registers the engine at <paramref name="socketPath"/> as target <c>local</c> when it answers
    /// and no target uses that endpoint yet. Returns the new target, or null when nothing was done.
    /// </summary>
    public async Task<Target?> EnsureLocalTargetAsync(string socketPath, CancellationToken cancellationToken)
    {
        var endpoint = "unix://" + socketPath;
        if (TargetValidation.ValidateEndpoint(endpoint) is { } invalid)
        {
            LogLocalSocketInvalid(logger, socketPath, invalid.Message);
            return null;
        }

        if (await store.EndpointExistsAsync(endpoint, cancellationToken))
        {
            return null;
        }

        var (info, _, message) = await ProbeAsync(endpoint, null, cancellationToken);
        if (info is null)
        {
            LogNoLocalEngine(logger, endpoint, message);
            return null;
        }

        if (await store.NameExistsAsync(Organization.DefaultId, LocalTargetName, null, cancellationToken))
        {
            LogLocalNameTaken(logger, endpoint);
            return null;
        }

        // The machine WindFlow runs on is the Default organisation's development host.
        var environment = (await organizations.ListEnvironmentsAsync(Organization.DefaultId, cancellationToken)).FirstOrDefault();
        if (environment is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var target = new Target
        {
            Id = Guid.NewGuid(),
            OrganizationId = environment.OrganizationId,
            EnvironmentId = environment.Id,
            Name = LocalTargetName,
            Endpoint = endpoint,
            Status = TargetStatus.Online,
            LastSeenAt = now,
            EngineVersion = info.EngineVersion,
            ApiVersion = info.ApiVersion,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await store.AddAsync(target, cancellationToken))
        {
            return null;
        }

        LogLocalRegistered(logger, endpoint, info.EngineVersion);
        bus.Publish(new TargetNotification(TargetNotificationKind.TargetChanged, target.Id));
        return target;
    }

    private async Task<(EngineInfo? Info, TargetStatus Status, string? Message)> ProbeAsync(
        string endpoint, string? protectedCredentials, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(EngineTimeout);
        try
        {
            var info = await engines.For(endpoint, protectedCredentials).GetInfoAsync(timeout.Token);
            return (info, TargetStatus.Online, null);
        }
        catch (EngineException ex)
        {
            return (null, ex.Kind == EngineErrorKind.Unreachable ? TargetStatus.Offline : TargetStatus.Error, ex.Message);
        }
        catch (SecretUnreadableException ex)
        {
            return (null, TargetStatus.Error, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, TargetStatus.Offline, $"The engine at {endpoint} did not answer within {EngineTimeout.TotalSeconds:0} seconds.");
        }
    }

    // A target of another organisation is reported as missing, one the caller may not touch as forbidden.
    private async Task<Target?> FindAsync(Guid id, ActionClass action, CancellationToken cancellationToken)
    {
        var target = await store.FindAsync(id, cancellationToken);
        if (target is not null)
        {
            await guard.DemandAsync(target.OrganizationId, Resource.Target, action, cancellationToken);
        }

        return target;
    }

    private async Task<OrganizationEnvironment?> PlaceAsync(Guid? environmentId, CancellationToken cancellationToken)
    {
        if (environmentId is { } id)
        {
            var environment = await organizations.FindEnvironmentAsync(id, cancellationToken);
            // Hidden or missing, the answer is the same: no such environment.
            return environment is not null && await guard.CanAsync(environment.OrganizationId, Resource.Environment, ActionClass.Read, cancellationToken)
                ? environment
                : null;
        }

        var organizationId = await guard.ResolveOrganizationAsync(cancellationToken);
        return (await organizations.ListEnvironmentsAsync(organizationId, cancellationToken)).FirstOrDefault();
    }

    private TargetResult<Target> Changed(Target target)
    {
        bus.Publish(new TargetNotification(TargetNotificationKind.TargetChanged, target.Id));
        return TargetResult<Target>.Ok(target);
    }

    private static TargetError? Validate(TargetInput input) =>
        TargetValidation.ValidateName(input.Name)
        ?? TargetValidation.ValidateEndpoint(input.Endpoint)
        ?? TargetValidation.ValidateLabels(input.Labels);

    // Only fields with a value count: a form posting blank fields means "no credentials".
    private static bool IsEmpty([NotNullWhen(false)] EngineCredentials? credentials) =>
        credentials is null || (string.IsNullOrEmpty(credentials.CaPem) && string.IsNullOrEmpty(credentials.CertPem)
            && string.IsNullOrEmpty(credentials.KeyPem) && string.IsNullOrEmpty(credentials.SshPrivateKey));

    private string Protect(EngineCredentials credentials) => engines.Protect(credentials);

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? labels) =>
        labels is null ? [] : labels.ToDictionary(l => l.Key.Trim(), l => l.Value, StringComparer.Ordinal);

    private static TargetError NotFound(Guid id) => TargetEngines.NotFound(id);

    private static TargetError NameTaken(string name) =>
        new(TargetErrorKind.Conflict, $"A target named '{name}' already exists: choose another name.", "name");

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered the local Docker engine at {Endpoint} (version {EngineVersion}) as target 'local'")]
    private static partial void LogLocalRegistered(ILogger logger, string endpoint, string engineVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "No local Docker engine registered: {Endpoint} does not answer ({Reason})")]
    private static partial void LogNoLocalEngine(ILogger logger, string endpoint, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The local Docker engine at {Endpoint} answers but a target named 'local' already uses another endpoint; register it by hand")]
    private static partial void LogLocalNameTaken(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker:LocalSocket '{SocketPath}' is not usable: {Reason}")]
    private static partial void LogLocalSocketInvalid(ILogger logger, string socketPath, string reason);
}
