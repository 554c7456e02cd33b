using WindFlow.Core.Targets;

namespace WindFlow.Web.Components.Pages.Targets;

/// <summary>What the target form edits; secrets start empty because stored ones are never read back.</summary>
public sealed class TargetFormModel
{
    /// <summary>The three ways to reach an engine.</summary>
    public enum Kind
    {
        /// <summary><c>unix:///path</c>.</summary>
        Socket,

        /// <summary><c>tcp://host:port</c> with TLS client certificates.</summary>
        Tls,

        /// <summary><c>ssh://user@host[:port]</c> with a private key.</summary>
        Ssh,
    }

    public string Name { get; set; } = "";

    public Kind Transport { get; set; } = Kind.Socket;

    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";

    public string Labels { get; set; } = "";

    public string CaPem { get; set; } = "";

    public string CertPem { get; set; } = "";

    public string KeyPem { get; set; } = "";

    public string SshPrivateKey { get; set; } = "";

    public bool ClearCredentials { get; set; }

    public static TargetFormModel From(Target target) => new()
    {
        Name = target.Name,
        Endpoint = target.Endpoint,
        Transport = KindOf(target.Endpoint),
        Labels = string.Join('\n', target.Labels.Select(l => $"{l.Key}={l.Value}")),
    };

    public static Kind KindOf(string endpoint) =>
        endpoint.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) ? Kind.Tls
        : endpoint.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) ? Kind.Ssh
        : Kind.Socket;

    /// <summary>The example endpoint shown when the user switches transport.</summary>
    public static string Placeholder(Kind kind) => kind switch
    {
        Kind.Tls => "tcp://docker.example.com:2376",
        Kind.Ssh => "ssh://deploy@docker.example.com",
        _ => "unix:///var/run/docker.sock",
    };

    /// <summary>
    /// The service input. When editing, blank secret fields keep the stored ones (null), and
    /// "clear" sends empty credentials, which the service reads as "remove".
    /// </summary>
    public TargetInput ToInput(bool editing, out string? labelError)
    {
        var labels = ParseLabels(Labels, out labelError);
        EngineCredentials? credentials = Transport switch
        {
            _ when ClearCredentials => new EngineCredentials(null, null, null, null),
            Kind.Tls when Filled(CaPem, CertPem, KeyPem) => new EngineCredentials(Blank(CaPem), Blank(CertPem), Blank(KeyPem), null),
            Kind.Ssh when Filled(SshPrivateKey) => new EngineCredentials(null, null, null, SshPrivateKey),
            _ => editing ? null : new EngineCredentials(null, null, null, null),
        };
        return new TargetInput(Name, Endpoint, labels, credentials);
    }

    private static bool Filled(params string[] values) => values.Any(v => !string.IsNullOrWhiteSpace(v));

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Dictionary<string, string> ParseLabels(string text, out string? error)
    {
        error = null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, number) in text.Split('\n').Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"Line {number}: write labels as key=value, one per line.";
                continue;
            }

            labels[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        return labels;
    }
}
