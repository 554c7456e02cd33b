namespace WindFlow.Core.Targets;

/// <summary>Field rules for targets; each failure names the camelCase field it concerns.</summary>
internal static class TargetValidation
{
    public const int MaxNameLength = 100;
    public const int MaxEndpointLength = 500;
    public const int MaxLabels = 50;
    public const int MaxLabelKeyLength = 100;
    public const int MaxLabelValueLength = 500;

    public static TargetError? ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            return Invalid("name", $"The name is required and must be 1 to {MaxNameLength} characters long.");
        }

        return null;
    }

    public static TargetError? ValidateEndpoint(string? endpoint)
    {
        const string Expected = "Expected unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port].";
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return Invalid("endpoint", "The endpoint is required. " + Expected);
        }

        endpoint = endpoint.Trim();
        if (endpoint.Length > MaxEndpointLength)
        {
            return Invalid("endpoint", $"The endpoint must be at most {MaxEndpointLength} characters long.");
        }

        if (endpoint.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = endpoint["unix://".Length..];
            return path.Length > 1 && path[0] == '/' && !path.Any(char.IsWhiteSpace)
                ? null
                : Invalid("endpoint", $"'{endpoint}' has no absolute socket path. {Expected}");
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return Invalid("endpoint", $"'{endpoint}' is not a valid endpoint. {Expected}");
        }

        var hasOnlyAuthority = uri.AbsolutePath is "/" or "" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
        return uri.Scheme switch
        {
            "tcp" when !HasExplicitPort(uri) => Invalid("endpoint", $"'{endpoint}' needs a port, for example tcp://{uri.Host}:2376."),
            "tcp" when !string.IsNullOrEmpty(uri.UserInfo) || !hasOnlyAuthority => Invalid("endpoint", $"'{endpoint}' must be just tcp://host:port. {Expected}"),
            "tcp" => null,
            "ssh" when string.IsNullOrEmpty(uri.UserInfo) || uri.UserInfo.Contains(':', StringComparison.Ordinal) =>
                Invalid("endpoint", $"'{endpoint}' needs a user name and no password, for example ssh://deploy@{uri.Host}."),
            "ssh" when !hasOnlyAuthority => Invalid("endpoint", $"'{endpoint}' must be just ssh://user@host[:port]. {Expected}"),
            "ssh" => null,
            _ => Invalid("endpoint", $"'{endpoint}' uses an unsupported scheme '{uri.Scheme}'. {Expected}"),
        };
    }

    public static TargetError? ValidateLabels(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return null;
        }

        if (labels.Count > MaxLabels)
        {
            return Invalid("labels", $"At most {MaxLabels} labels are allowed.");
        }

        foreach (var (key, value) in labels)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxLabelKeyLength)
            {
                return Invalid("labels", $"Label keys must be 1 to {MaxLabelKeyLength} characters long.");
            }

            if (value is null || value.Length > MaxLabelValueLength)
            {
                return Invalid("labels", $"The value of label '{key}' must be at most {MaxLabelValueLength} characters long.");
            }
        }

        return null;
    }

    // Uri knows no default port for tcp://, so a missing port reads as -1 (and ":0" as 0).
    private static bool HasExplicitPort(Uri uri) => uri.Port > 0;

    private static TargetError Invalid(string field, string message) => new(TargetErrorKind.Invalid, message, field);
}
