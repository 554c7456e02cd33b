using System.Text.Json;
using WindFlow.Core.Common;

namespace WindFlow.Core.Deployments;

/// <summary>What a queued run applies; stored encrypted with the run because values hold secrets.</summary>
/// <param name="Values">Update: the new values.</param>
/// <param name="StackVersion">Update: the stack version to move to.</param>
/// <param name="Revision">Rollback: the revision to return to.</param>
/// <param name="KeepVolumes">Remove: keep the named volumes.</param>
/// <param name="Automatic">Rollback: started by WindFlow after a failed update.</param>
public sealed record RunParameters(
    IReadOnlyDictionary<string, string?>? Values = null,
    int? StackVersion = null,
    int? Revision = null,
    bool KeepVolumes = false,
    bool Automatic = false);

/// <summary>Encrypts and decrypts deployment values and run parameters (both may hold secrets).</summary>
public sealed class DeploymentSecrets(ISecretProtector protector)
{
    /// <summary>The Data Protection purpose; changing it makes stored values unreadable.</summary>
    public const string Purpose = "WindFlow.Deployments.Values.v1";

    /// <summary>Encrypts values.</summary>
    public string ProtectValues(IReadOnlyDictionary<string, string?> values) =>
        protector.Protect(Purpose, JsonSerializer.Serialize(values));

    /// <summary>Decrypts values.</summary>
    public IReadOnlyDictionary<string, string?> UnprotectValues(string protectedValues) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(protector.Unprotect(Purpose, protectedValues)) ?? [];

    /// <summary>Encrypts run parameters.</summary>
    public string ProtectParameters(RunParameters parameters) =>
        protector.Protect(Purpose, JsonSerializer.Serialize(parameters));

    /// <summary>Decrypts run parameters (empty ones when none were stored).</summary>
    public RunParameters UnprotectParameters(string? protectedParameters) => protectedParameters is null
        ? new RunParameters()
        : JsonSerializer.Deserialize<RunParameters>(protector.Unprotect(Purpose, protectedParameters)) ?? new RunParameters();

    /// <summary>SHA-256 of values in key order, to tell revisions apart without decrypting.</summary>
    public static string HashValues(IReadOnlyDictionary<string, string?> values) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            JsonSerializer.SerializeToUtf8Bytes(values.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary())));
}
