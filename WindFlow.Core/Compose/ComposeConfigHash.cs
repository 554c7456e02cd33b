using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WindFlow.Core.Targets;

namespace WindFlow.Core.Compose;

/// <summary>
/// The config hash of a service: lowercase hex SHA-256 of a canonical JSON of everything that
/// shapes its containers. Equal configurations hash equally in any process; the replica number and
/// extra (revision) labels are left out so they never force a recreate.
/// </summary>
public static class ComposeConfigHash
{
    private static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false };

    /// <summary>The hash of <paramref name="serviceName"/>'s resolved configuration in <paramref name="projectName"/>.</summary>
    public static string Compute(ComposeProject project, string projectName, string serviceName) =>
        Of(ComposeContainerBuilder.Resolve(project, projectName, serviceName));

    // The builder resolves dictionaries into ordinally sorted ones and lists in file order, so the
    // serializer's declaration-order output is canonical.
    internal static string Of(ContainerCreateSpec resolved)
    {
        var json = JsonSerializer.Serialize(resolved, Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
